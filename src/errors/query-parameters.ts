import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { fieldName, validationFailed } from './validation';

interface RouteArgument {
  index: number;
  data?: unknown;
}

/** What a handler reads of the query: all of it (a DTO, which refuses unknown keys) or these names. */
type QueryUse = 'dto' | ReadonlySet<string>;

function queryUse(context: ExecutionContext): QueryUse {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, RouteArgument>;
  const reads = Object.entries(args)
    .filter(([key]) => key.split(':')[0] === String(RouteParamtypes.QUERY))
    .map(([, argument]) => argument.data);
  if (reads.some((data) => data === undefined)) return 'dto';
  return new Set(reads.filter((data): data is string => typeof data === 'string'));
}

/**
 * Unknown query parameters are refused like unknown body fields (DESIGN.md, "Errors"),
 * on every route: a route whose handler takes a query DTO gets the validation pipe's
 * whitelist; any other route accepts only the names it reads, usually none. Silently
 * ignoring `?purpose=` or `?subjectId=` would let a caller believe a filter applied.
 */
@Injectable()
export class QueryParameters implements NestInterceptor {
  private readonly uses = new WeakMap<object, QueryUse>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const handler = context.getHandler();
    let use = this.uses.get(handler);
    if (!use) {
      use = queryUse(context);
      this.uses.set(handler, use);
    }
    if (use !== 'dto') {
      const query = context.switchToHttp().getRequest<FastifyRequest>().query ?? {};
      const allowed = use;
      const unknown = Object.keys(query).filter((key) => !allowed.has(key));
      if (unknown.length > 0) {
        throw validationFailed(
          unknown.map((key) => ({
            field: fieldName(key),
            constraints: [`${fieldName(key)} is not a parameter of this route`],
          })),
        );
      }
    }
    return next.handle();
  }
}
