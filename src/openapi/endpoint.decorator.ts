import { applyDecorators, type Type } from '@nestjs/common';
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

/** A route's place in the OpenAPI contract: its id, summary, answer and own errors. */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  const models = modelsOf(spec.answer);
  return applyDecorators(
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
