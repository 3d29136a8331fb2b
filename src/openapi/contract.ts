import type { OpenAPIObject } from '@nestjs/swagger';
import { type ErrorCode, ErrorStatus } from '../errors/error-codes';
import { type DescribedAnswer, inputsOf, OPERATION_EXTENSION } from './endpoint.decorator';
import { applyNamingFormats } from './formats';
import { applyValidatorLimits } from './limits';
import { applySchemaExtensions } from './schema-extensions';

type Json = Record<string, unknown>;
interface DocOperation extends Json {
  operationId?: string;
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  security?: Json[];
  [OPERATION_EXTENSION]?: { answer: DescribedAnswer; status?: number; errors: ErrorCode[] };
}

/**
 * What every operation can answer, whoever calls it: malformed input or an unknown query
 * parameter, a URL or headers past the boundary's limits, a failure nobody foresaw, and a
 * database that cannot serve.
 */
const EVERY_OPERATION: ErrorCode[] = [
  'VALIDATION_FAILED',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
];
/** What the access guard answers on every route that needs a token. */
const WITH_TOKEN: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN_ROLE'];
/**
 * What the access guard adds for staff and service clients: an account or client suspended
 * by detection (P16), or its PD access paused after a credential reset or secret rotation.
 */
const WITH_SUSPENDABLE_TOKEN: ErrorCode[] = ['ACCOUNT_SUSPENDED'];
/** What the HTTP boundary answers on every route that takes a body. */
const WITH_BODY: ErrorCode[] = ['PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** What an `@Idempotent()` route (it takes an Idempotency-Key header) adds. */
const WITH_IDEMPOTENCY_KEY: ErrorCode[] = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'];
/** Statuses a caller retries after the `Retry-After` seconds. */
const RETRIED = new Set([429, 503]);

const ref = (kind: 'schemas' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

/**
 * The document the app serves is the contract the Billing generates its client from, so
 * what every route shares is written once, here, rather than on 80 routes: each route's
 * `@Endpoint` gives its id, summary, answer and own errors; this adds the errors every
 * route can answer (by its access rule and whether it takes a body), one error schema
 * with the codes of each response as an `enum`, `Retry-After` on 429 and 503,
 * `X-Request-Id` on every response, `security: []` on public routes, the limits the
 * validators enforce (limits.ts), the formats the field names promise (formats.ts), and
 * what DTO classes say of their own schemas (a closed schema, a body's example:
 * schema-extensions.ts). A route without `@Endpoint` is left as Nest wrote it:
 * test/foundation/contract refuses it, and so does Redocly (no summary).
 */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  const components = (doc.components ??= {}) as Json & {
    schemas: Json;
    headers: Json;
  };
  components.schemas ??= {};
  components.headers = { ...(components.headers ?? {}), ...HEADERS };
  components.schemas.Error = errorSchema();
  for (const methods of Object.values(doc.paths)) {
    for (const [method, value] of Object.entries(methods as Record<string, DocOperation>)) {
      const spec = value[OPERATION_EXTENSION];
      if (!spec) continue;
      delete value[OPERATION_EXTENSION];
      const isPublic = !value.security?.length;
      if (isPublic) value.security = [];
      value.responses = {
        ...success(method, spec.answer, spec.status),
        ...errorResponses([
          ...EVERY_OPERATION,
          ...(isPublic ? [] : WITH_TOKEN),
          ...(value.security?.some((scheme) => 'staff' in scheme || 'client' in scheme)
            ? WITH_SUSPENDABLE_TOKEN
            : []),
          ...(value.requestBody ? WITH_BODY : []),
          ...(takesIdempotencyKey(value) ? WITH_IDEMPOTENCY_KEY : []),
          ...spec.errors,
        ]),
      };
    }
  }
  applyValidatorLimits(doc, inputsOf);
  applyNamingFormats(doc);
  applySchemaExtensions(doc);
  return doc;
}

const takesIdempotencyKey = (operation: DocOperation): boolean =>
  (operation.parameters ?? []).some(
    (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
  );

const HEADERS = {
  'X-Request-Id': {
    description: "The request's id: the caller's well-formed X-Request-Id, else a new UUID.",
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
};

function success(method: string, answer: DescribedAnswer, status?: number): Record<string, Json> {
  const code = status ?? (answer.kind === 'none' ? 204 : method === 'post' ? 201 : 200);
  const headers = { 'X-Request-Id': ref('headers', 'X-Request-Id') };
  const json = (schema: Json) => ({ 'application/json': { schema } });
  switch (answer.kind) {
    case 'none':
      return { [code]: { description: 'Done; no body.', headers } };
    case 'pdf':
      return {
        [code]: {
          description: 'A PDF file.',
          headers,
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
      };
    case 'json':
      return {
        [code]: { description: answer.model, headers, content: json(ref('schemas', answer.model)) },
      };
    case 'list':
      return {
        [code]: {
          description: `A list of ${answer.model}`,
          headers,
          content: json({ type: 'array', items: ref('schemas', answer.model) }),
        },
      };
    case 'page':
      return {
        [code]: {
          description: `A page of ${answer.model}; the next one from nextCursor.`,
          headers,
          content: json({
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: { type: 'array', items: ref('schemas', answer.model) },
              nextCursor: {
                type: 'string',
                nullable: true,
                description: 'Pass as `cursor` for the next page; null on the last page.',
              },
            },
          }),
        },
      };
  }
}

function errorResponses(codes: ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = ErrorStatus[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: Record<string, Json> = {};
  for (const [status, set] of [...byStatus].sort(([a], [b]) => a - b)) {
    const enumerated = [...set].sort();
    responses[status] = {
      description: enumerated.join(', '),
      headers: {
        'X-Request-Id': ref('headers', 'X-Request-Id'),
        ...(RETRIED.has(status) ? { 'Retry-After': ref('headers', 'Retry-After') } : {}),
      },
      content: {
        'application/json': {
          schema: {
            allOf: [
              ref('schemas', 'Error'),
              {
                type: 'object',
                properties: {
                  statusCode: { type: 'integer', enum: [status] },
                  code: { type: 'string', enum: enumerated },
                },
              },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function errorSchema(): Json {
  return {
    type: 'object',
    description:
      'Every error answer. `code` is stable and machine-readable; `message` is for people.',
    required: ['statusCode', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer' },
      code: { type: 'string', enum: Object.keys(ErrorStatus) },
      message: { type: 'string' },
      details: {
        description: 'With VALIDATION_FAILED: the failing fields, `[{ field, constraints[] }]`.',
      },
    },
  };
}
