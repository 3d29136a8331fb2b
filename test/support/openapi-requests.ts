import fc from 'fast-check';
import {
  type OpenApiDocument,
  type Operation,
  type Parameter,
  resolve,
  type Schema,
} from './openapi-document';
import { FRAGMENTS, HINTS, hostileString, hostileValue, marker, spliced } from './fuzz-values';

/*
 * Requests generated from the OpenAPI document the app serves: every operation, its
 * path, query and header parameters and its body schema. Most requests are well-formed
 * up to one or a few hostile values, so that they get past the first check to the rules
 * behind it; the rest are hostile as a whole (wrong content type, not JSON, not an object).
 */

export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string | null; text: string };

export interface GeneratedRequest {
  path: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: Body;
}

export interface Pools {
  ids: string[];
}

function compiled(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try the next flags
    }
  }
  return null;
}

function patterned(pattern: string): fc.Arbitrary<string> | null {
  const regex = compiled(pattern);
  if (!regex) return null;
  try {
    return fc.stringMatching(regex).filter((text) => text.length <= 80);
  } catch {
    return null;
  }
}

/** What a well-behaved caller would send for a value of `schema` named `name`. */
export function wellFormed(
  schema: Schema,
  doc: OpenApiDocument,
  pools: Pools,
  name = '',
): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if (name in HINTS && !s.properties) {
    const pattern = s.pattern ? compiled(s.pattern) : null;
    // A hint that breaks the field's own pattern (an order number on a document) gives way.
    const fits =
      !pattern || fc.sample(HINTS[name], { numRuns: 5 }).every((v) => pattern.test(String(v)));
    if (fits) return HINTS[name];
  }
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...pools.ids), fc.uuid());
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'integer' || s.type === 'number') {
    return fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 1000 });
  }
  if (s.type === 'array') {
    return fc.uniqueArray(wellFormed(s.items ?? {}, doc, pools), {
      minLength: Math.min(s.minItems ?? 0, 1),
      maxLength: Math.min(s.maxItems ?? 3, 3),
      selector: (item) => JSON.stringify(item),
    });
  }
  if (s.properties) {
    const model = Object.fromEntries(
      Object.entries(s.properties).map(([key, property]) => [
        key,
        wellFormed(property, doc, pools, key),
      ]),
    );
    return fc.record(model, { requiredKeys: s.required ?? [] });
  }
  if (s.pattern) return patterned(s.pattern) ?? fc.string({ minLength: 1, maxLength: 20 });
  return fc.string({
    minLength: Math.max(s.minLength ?? 1, 1),
    maxLength: Math.min(s.maxLength ?? 40, 40),
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Replaces (or adds) the value at `path` in a copy of `target`. */
function replaced(target: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Record<string, unknown> = isObject(target) ? { ...target } : {};
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), value);
  return copy;
}

function valueAt(target: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), target);
}

/** A well-formed value with a hostile piece spliced in (a surrogate in an email). */
function corrupted(value: unknown, fragment: string, at: number): unknown {
  if (typeof value === 'string') return spliced(value, fragment, at);
  if (Array.isArray(value) && typeof value[0] === 'string') {
    return [spliced(value[0], fragment, at), ...value.slice(1)];
  }
  return fragment;
}

/** Field paths of a body schema, one level of nesting deep. */
function fieldPaths(schema: Schema, doc: OpenApiDocument): string[][] {
  const s = resolve(schema, doc);
  return Object.entries(s.properties ?? {}).flatMap(([key, property]) => {
    const inner = resolve(property, doc).properties ?? {};
    return [[key], ...Object.keys(inner).map((child) => [key, child])];
  });
}

function withoutOne(value: unknown, schema: Schema, doc: OpenApiDocument): fc.Arbitrary<unknown> {
  const required = resolve(schema, doc).required ?? [];
  if (!isObject(value) || required.length === 0) return fc.constant(value);
  return fc.constantFrom(...required).map((key) => {
    const copy = { ...value };
    delete copy[key];
    return copy;
  });
}

function jsonBody(schema: Schema, doc: OpenApiDocument, pools: Pools): fc.Arbitrary<unknown> {
  const valid = wellFormed(schema, doc, pools);
  const paths = fieldPaths(schema, doc);
  const pathArb: fc.Arbitrary<string[]> =
    paths.length > 0 ? fc.constantFrom(...paths) : fc.constant(['field']);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.array(fc.tuple(pathArb, hostileValue), { minLength: 1, maxLength: 2 }))
        .map(([body, changes]) =>
          changes.reduce((acc, [path, value]) => replaced(acc, path, value), body),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, pathArb, fc.constantFrom(...FRAGMENTS), fc.nat())
        .map(([body, path, fragment, at]) =>
          replaced(body, path, corrupted(valueAt(body, path), fragment, at)),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, pathArb).map(([body, path]) => replaced(body, path, null)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.dictionary(fc.oneof(hostileString, marker), hostileValue, { minKeys: 1, maxKeys: 3 }),
        )
        .map(([body, extra]) => (isObject(body) ? { ...body, ...extra } : extra)),
    },
    { weight: 1, arbitrary: valid.chain((body) => withoutOne(body, schema, doc)) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** The same intent, sent the way a broken or hostile client sends it. */
const encoded = (value: unknown): fc.Arbitrary<Body> => {
  const json = JSON.stringify(value) ?? 'null';
  const form = isObject(value)
    ? new URLSearchParams(
        Object.entries(value).map(([k, v]): [string, string] => [
          k,
          typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
        ]),
      ).toString()
    : json;
  return fc.oneof(
    { weight: 40, arbitrary: fc.constant<Body>({ kind: 'json', value }) },
    {
      weight: 1,
      arbitrary: fc.constant<Body>({
        kind: 'raw',
        contentType: 'application/x-www-form-urlencoded',
        text: form,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant<Body>({ kind: 'raw', contentType: 'text/plain', text: json }),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'raw', contentType: null, text: json }) },
    {
      weight: 1,
      arbitrary: fc.nat({ max: json.length }).map<Body>((cut) => ({
        kind: 'raw',
        contentType: 'application/json',
        text: json.slice(0, cut),
      })),
    },
  );
};

const PURPOSES = ['IDENTIFICATION', 'CONTRACT', 'SETTLEMENTS', 'LEGAL_OBLIGATION'];
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);

function parameterValue(
  parameter: Parameter,
  doc: OpenApiDocument,
  pools: Pools,
): fc.Arbitrary<string> {
  const resolved = resolve(parameter.schema, doc);
  // A path id is validated by IdParam, which the document shows as a plain string.
  const isId = parameter.in === 'path' && /^(id|\w+Id)$/.test(parameter.name);
  const schema = isId ? { ...resolved, format: 'uuid' } : resolved;
  const valid = wellFormed(schema, doc, pools, parameter.name).map((value) =>
    Array.isArray(value) ? value.join(',') : String(value),
  );
  if (parameter.in === 'header') return fc.oneof({ weight: 4, arbitrary: valid }, headerText);
  const ids =
    schema.format === 'uuid' && parameter.in === 'path'
      ? [fc.constantFrom(...pools.ids).map((id) => id.toUpperCase())]
      : [];
  const corrupt = fc
    .tuple(valid, fc.constantFrom(...FRAGMENTS), fc.nat())
    .map(([value, fragment, at]) => spliced(value, fragment, at));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    ...ids,
    { weight: 2, arbitrary: corrupt },
    { weight: 3, arbitrary: hostileString },
  );
}

export function requestFor(
  op: Operation,
  doc: OpenApiDocument,
  pools: Pools,
): fc.Arbitrary<GeneratedRequest> {
  const inPath = op.parameters.filter((p) => p.in === 'path');
  const inQuery = op.parameters.filter((p) => p.in === 'query');
  const inHeader = op.parameters.filter((p) => p.in === 'header');
  const path = fc.record(
    Object.fromEntries(inPath.map((p) => [p.name, parameterValue(p, doc, pools)])),
  );
  const query = fc
    .tuple(
      ...inQuery.map((p) =>
        fc.option(
          parameterValue(p, doc, pools).map((v): [string, string] => [p.name, v]),
          {
            freq: p.required ? 10 : 2,
          },
        ),
      ),
      // An unknown parameter, in one request out of ten.
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(marker, hostileString) },
      ),
    )
    .map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== null));
  const headers = fc
    .tuple(
      ...inHeader.map((p) =>
        fc.option(
          parameterValue(p, doc, pools).map((v): [string, string] => [p.name.toLowerCase(), v]),
          { freq: 10 },
        ),
      ),
      fc.option(
        fc.constantFrom(...PURPOSES).map((v): [string, string] => ['x-access-purpose', v]),
        { freq: 2 },
      ),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((pair) => pair !== null)));
  const body: fc.Arbitrary<Body> = op.body
    ? fc.oneof(
        { weight: 20, arbitrary: jsonBody(op.body, doc, pools).chain(encoded) },
        { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant<Body>({ kind: 'none' }) },
        { weight: 1, arbitrary: hostileValue.map<Body>((value) => ({ kind: 'json', value })) },
      );
  return fc.record({ path, query, headers, body });
}
