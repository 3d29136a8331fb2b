import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
import { normalisePhone } from '../../src/pd/validation/phone';
import type { Response } from 'supertest';

/*
 * Every answer a test receives is held to the committed contract, openapi.json: its
 * status must be declared for the operation, its body must match the declared schema
 * (errors: the error schema with that response's `code` enum), and it must carry
 * X-Request-Id (and Retry-After on 429 and 503). startApp's `http()` adds this check to
 * every request, so an answer the document does not describe fails the test that saw it.
 * Requests to paths the document does not name (the docs, a planted route) are not
 * checked: the route walk and the boundary tests judge those.
 */

type Json = Record<string, unknown>;
interface DocResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Json }>;
}
interface DocOperation {
  operationId: string;
  responses: Record<string, DocResponse>;
}
interface Matcher {
  method: string;
  pattern: RegExp;
  operation: DocOperation;
}

const FILE = join(__dirname, '..', '..', 'openapi.json');
const ROOT = 'contract';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

let loaded: { ajv: Ajv; matchers: Matcher[]; compiled: Map<string, ValidateFunction> } | null =
  null;

function contract() {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(FILE, 'utf8')) as {
    paths: Record<string, Record<string, DocOperation>>;
    components: Json;
  };
  // OpenAPI 3.0 schemas: `nullable` and `example` are theirs, not JSON Schema's.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  // The validators' own phone rule (src/pd/validation), as the DTOs declare it.
  ajv.addFormat('mobile-phone', (value: string) => normalisePhone(value) !== null);
  ajv.addSchema({ $id: ROOT, components: doc.components });
  const matchers = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method,
      pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
      operation,
    })),
  );
  loaded = { ajv, matchers, compiled: new Map() };
  return loaded;
}

/** Why `response` is not what the contract says `method url` answers, or null. */
export function contractViolation(method: string, url: string, response: Response): string | null {
  const { ajv, matchers, compiled } = contract();
  const path = new URL(url, 'http://local').pathname;
  const match = matchers.find((m) => m.method === method && m.pattern.test(path));
  if (!match) return null;
  const { operationId, responses } = match.operation;
  const where = `${method.toUpperCase()} ${path} (${operationId}) answered ${response.status}`;
  const declared = responses[String(response.status)];
  if (!declared) {
    const code = (response.body as { code?: string } | undefined)?.code;
    return `${where}${code ? ` ${code}` : ''}, a status the contract does not declare`;
  }
  for (const header of Object.keys(declared.headers ?? {})) {
    if (response.headers[header.toLowerCase()] === undefined) {
      return `${where} without its declared ${header} header`;
    }
  }
  const types = Object.keys(declared.content ?? {});
  if (types.length === 0) {
    return response.text ? `${where} with a body where the contract declares none` : null;
  }
  const type = String(response.headers['content-type'] ?? '').split(';')[0];
  if (!types.includes(type))
    return `${where} as ${type || 'no content type'}, not ${types.join(' or ')}`;
  const schema = declared.content![type].schema;
  if (type !== 'application/json' || !schema) return null;
  const key = `${operationId} ${response.status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const rooted = JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/', `"${ROOT}#/components/`),
    ) as Json;
    validate = ajv.compile(rooted);
    compiled.set(key, validate);
  }
  // A test that reads the answer as bytes (a download) still answers JSON to the contract.
  let body: unknown = response.body;
  if (Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(body.toString('utf8'));
    } catch {
      return `${where} with a body that is not the JSON its content type says`;
    }
  }
  if (validate(body)) return null;
  const problems = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`)
    .join('; ');
  const code = response.status >= 400 ? ` (${String((body as { code?: unknown }).code)})` : '';
  return `${where}${code} with a body the contract does not describe: ${problems}`;
}

/**
 * Why `value` does not match `schema` (a schema of openapi.json, its `$ref`s into the
 * document's components), or null: the same ajv and document the answers are held to.
 */
export function schemaViolation(schema: Json, value: unknown): string | null {
  const { ajv } = contract();
  const rooted = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/components/', `"${ROOT}#/components/`),
  ) as Json;
  const validate = ajv.compile(rooted);
  if (validate(value)) return null;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`)
    .join('; ');
}

/** `agent` with the contract check added to every request it starts. */
export function contractChecked<T extends ReturnType<typeof request>>(agent: T): T {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !(METHODS as readonly string[]).includes(property)) {
        return value;
      }
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (url: string, ...rest: unknown[]) => request.Test).call(
          target,
          url,
          ...rest,
        );
        return test.expect((response: Response) => {
          const violation = contractViolation(property, url, response);
          if (violation) throw new Error(`Contract (openapi.json): ${violation}`);
        });
      };
    },
  });
}
