import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  RequestMethod,
} from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/request-context';
import { KeyedHash } from '../crypto/keyed-hash';
import { runInWorkScope, type WorkScope } from '../database/work-scope';
import { validationFailed } from '../errors/validation';
import { IdempotencyKeys } from './idempotency-keys';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './vocabulary';

/** Printable ASCII without spaces, 1 to 255 characters (UUIDs, ULIDs, Stripe-style keys). */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a write (issue 14 §3), applied by `@Idempotent()`. Without the
 * header the route runs as usual. With it, per caller:
 * - the first request claims the key (a row in the database, so every instance sees it),
 *   runs, and its answer is stored sealed; every transaction of its work also marks the
 *   key, before it commits, and fails if the request no longer holds it;
 * - the same key with the same request (method, route, path and canonical JSON body)
 *   gets the stored status and body, marked `Idempotent-Replayed: true`, and nothing runs;
 * - the same key with another request: 409 IDEMPOTENCY_KEY_REUSED;
 * - while the first is running, or after it died having committed its work but not its
 *   answer: 409 IDEMPOTENCY_IN_PROGRESS (never a second run of the work).
 * A failed request frees its key unless some of its work committed. Errors are not stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly hash: KeyedHash,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || !request.principal) return next.handle();
    return from(this.run(context, request, raw, next));
  }

  private async run(
    context: ExecutionContext,
    request: AuthenticatedRequest,
    raw: string | string[],
    next: CallHandler,
  ): Promise<unknown> {
    if (typeof raw !== 'string' || !KEY_FORMAT.test(raw)) {
      throw validationFailed([
        {
          field: 'Idempotency-Key',
          constraints: ['Idempotency-Key must be 1 to 255 printable characters without spaces'],
        },
      ]);
    }
    const principal = request.principal!;
    const begun = await this.keys.begin({
      principalKind: principal.kind,
      principalId: principal.id,
      keyHash: this.hash.digest('idempotency-key', raw),
      fingerprint: this.hash.digest('idempotency-request', fingerprintOf(request)),
    });
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (begun.kind === 'replay') {
      reply.header(REPLAYED_HEADER, 'true');
      reply.status(begun.status);
      return begun.body;
    }
    const scope: WorkScope = {
      committed: false,
      beforeCommit: (manager) => this.keys.markWorkDone(manager, begun.id, begun.token),
    };
    let body: unknown;
    try {
      body = await runInWorkScope(scope, () =>
        lastValueFrom(next.handle(), { defaultValue: undefined }),
      );
    } catch (error) {
      await this.keys.release(begun.id, begun.token, scope.committed);
      throw error;
    }
    await this.keys.complete(begun.id, begun.token, this.statusOf(context), body);
    return body;
  }

  /** The status the route answers with (its @HttpCode, else 201 for POST, 200 otherwise). */
  private statusOf(context: ExecutionContext): number {
    const declared = this.reflector.get<number | undefined>(
      HTTP_CODE_METADATA,
      context.getHandler(),
    );
    if (declared) return declared;
    const method = this.reflector.get<RequestMethod>(METHOD_METADATA, context.getHandler());
    return method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK;
  }
}

/** The request as the key must match it: method, route, path parameters, body (keys sorted). */
function fingerprintOf(request: AuthenticatedRequest): string {
  return JSON.stringify([
    request.method,
    request.routeOptions.url ?? '',
    canonical(request.params ?? {}),
    canonical(request.body ?? null),
  ]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
