import { applyDecorators, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiExtension, ApiExtraModels, ApiOperation } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes';

/** What a successful call answers. */
export type Answer =
  /** A JSON body of this class. */
  | Type
  /** A JSON array of this class. */
  | [Type]
  /** A page of this class: `{ items, nextCursor }`. */
  | { page: Type }
  /** A PDF file. */
  | 'pdf'
  /** No body (204). */
  | 'none';

export interface EndpointSpec {
  /** Stable and verb-named: the method name a generated client gives the operation. */
  id: string;
  summary: string;
  answer: Answer;
  /** The success status when it is not POST's 201 or the other methods' 200. */
  status?: number;
  /**
   * The errors the route itself can answer. The ones every route can answer (malformed
   * input, no token, refused role, a body that is not JSON, an unavailable database) are
   * added to every operation by the document's post-processor (contract.ts).
   */
  errors?: ErrorCode[];
}

/** Read and removed by `finishDocument`: how a route declares its contract. */
export const OPERATION_EXTENSION = 'x-pd-endpoint';

/** Where each operation's handler is, by operation id: what the document cannot carry. */
const HANDLERS = new Map<string, { controller: object; method: string | symbol }>();

/** The classes of an operation's whole `@Body()` and `@Query()` objects, where it takes them. */
export interface EndpointInputs {
  body?: Type;
  query?: Type;
}

/**
 * What an operation's handler validates its body and query with: the document names a
 * body's class only by its schema's name and lists a query's parameters without it.
 */
export function inputsOf(operationId: string): EndpointInputs {
  const handler = HANDLERS.get(operationId);
  if (!handler) return {};
  const { controller, method } = handler;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller.constructor, method) ??
    {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller, method) ?? []) as Type[];
  const whole = (kind: RouteParamtypes): Type | undefined => {
    const found = Object.entries(args).find(
      ([key, arg]) => key.split(':')[0] === String(kind) && arg.data === undefined,
    );
    return found ? types[found[1].index] : undefined;
  };
  return { body: whole(RouteParamtypes.BODY), query: whole(RouteParamtypes.QUERY) };
}

/** A route's place in the OpenAPI contract: its id, summary, answer and own errors. */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  const models = modelsOf(spec.answer);
  return applyDecorators(
    ((controller: object, method: string | symbol) => {
      HANDLERS.set(spec.id, { controller, method });
    }) satisfies MethodDecorator,
    ApiOperation({ operationId: spec.id, summary: spec.summary }),
    ...(models.length ? [ApiExtraModels(...models)] : []),
    ApiExtension(OPERATION_EXTENSION, {
      answer: describeAnswer(spec.answer),
      status: spec.status,
      errors: spec.errors ?? [],
    }),
  );
}

export type DescribedAnswer =
  | { kind: 'json'; model: string }
  | { kind: 'list'; model: string }
  | { kind: 'page'; model: string }
  | { kind: 'pdf' }
  | { kind: 'none' };

function modelsOf(answer: Answer): Type[] {
  if (typeof answer === 'string') return [];
  if (Array.isArray(answer)) return answer;
  if ('page' in answer) return [answer.page];
  return [answer];
}

function describeAnswer(answer: Answer): DescribedAnswer {
  if (answer === 'pdf' || answer === 'none') return { kind: answer };
  if (Array.isArray(answer)) return { kind: 'list', model: answer[0].name };
  if ('page' in answer) return { kind: 'page', model: answer.page.name };
  return { kind: 'json', model: answer.name };
}
