/* eslint-disable @typescript-eslint/no-explicit-any -- the document is read as plain JSON: its shape is what these tests check */
import { driver, startApp, type TestApp } from '../support/app';
import { bodyExamples, routeOf, sendBody } from '../support/body-examples';
import { type Actor, fuzzActors } from '../support/fuzz-actors';
import { loadOpenApiMetadata } from '../support/openapi-metadata';
import { declaredRoutes } from '../support/route-walk';

/*
 * The contract states the limits the validators enforce (src/openapi/limits.ts): every
 * string a request carries has a maxLength and every list a maxItems, and each maxLength is
 * the service's own: one character more is refused as invalid, naming the field and never
 * repeating the value; exactly that many is not refused for the field.
 */

type Json = Record<string, any>;

interface Field {
  operation: string;
  /** Where the value sits in the body (`idDocument.number`, `documents.0.title`). */
  path: string[];
  schema: Json;
}

/** A string needs no maxLength when its format or vocabulary already fixes it. */
const FIXED_FORMATS = new Set(['uuid', 'date-time', 'date']);

function resolve(schema: Json, doc: Json): Json {
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').at(-1)], doc);
  if (schema.anyOf?.length) return resolve(schema.anyOf[0], doc);
  if (schema.allOf?.length) return resolve(schema.allOf[0], doc);
  return schema;
}

/** Every string and array of a body schema, at any depth, with where it sits. */
function fieldsOf(schema: Json, doc: Json, operation: string, path: string[] = []): Field[] {
  const s = resolve(schema, doc);
  if (path.length > 8) return [];
  if (s.type === 'string') return [{ operation, path, schema: s }];
  if (s.type === 'array') {
    return [
      { operation, path, schema: s },
      ...fieldsOf(s.items ?? {}, doc, operation, [...path, '0']),
    ];
  }
  return Object.entries((s.properties ?? {}) as Json).flatMap(([name, property]) =>
    fieldsOf(property as Json, doc, operation, [...path, name]),
  );
}

const requestFields = (doc: Json): Field[] =>
  bodyExamples(doc).flatMap((each) => fieldsOf(each.schema, doc, each.name));

const queryStrings = (doc: Json): Field[] =>
  Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json).flatMap(([method, operation]) =>
      (((operation as Json).parameters as Json[] | undefined) ?? [])
        .filter((p) => p.in === 'query')
        .flatMap((p): Field[] =>
          fieldsOf(p.schema as Json, doc, `${method.toUpperCase()} ${path}`, [`?${p.name}`]),
        ),
    ),
  );

/** What the document leaves unbounded: strings without maxLength, arrays without maxItems. */
function unbounded(fields: Field[]): string[] {
  return fields
    .filter(({ schema }) =>
      schema.type === 'array'
        ? schema.maxItems === undefined
        : schema.maxLength === undefined && !schema.enum && !FIXED_FORMATS.has(schema.format),
    )
    .map(({ operation, path }) => `${operation} ${path.join('.')}`);
}

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function valueAt(target: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (isObject(value) || Array.isArray(value) ? (value as any)[key] : undefined),
    target,
  );
}

/** A copy of `target` with `value` at `path`, making the objects and lists on the way. */
function withValue(target: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (/^\d+$/.test(key)) {
    const list = Array.isArray(target) ? [...(target as unknown[])] : [];
    list[Number(key)] = withValue(list[Number(key)], rest, value);
    return list;
  }
  const copy: Json = isObject(target) ? { ...target } : {};
  copy[key] = withValue(copy[key], rest, value);
  return copy;
}

/** `labels.example.kz`: a host name of exactly `n` characters, no label over 63. */
function hostOfLength(n: number, suffix: string): string {
  const labels: string[] = [];
  let left = n - suffix.length;
  while (left > 0) {
    const size = left > 64 ? (left - 64 === 1 ? 62 : 63) : left - 1;
    labels.push(`${'h'.repeat(size)}.`);
    left -= size + 1;
  }
  return `${labels.join('')}${suffix}`;
}

type Builder = (n: number) => string | null;

/**
 * Ways to lengthen the example's value and keep it what the field accepts: an email gets a
 * longer local part and host, an address a longer zone, a time more fractional digits, a
 * host more labels, anything else more of a character its pattern admits.
 */
function builders(seed: string): Builder[] {
  const found: Builder[] = [];
  if (seed.includes('@')) {
    found.push((n) => {
      const local = 'e'.repeat(Math.min(64, n - 8));
      return `${local}@${hostOfLength(n - local.length - 1, 'example.kz')}`;
    });
  }
  if (
    /^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]+$/i.test(seed) &&
    seed.includes('.') !== seed.includes(':')
  ) {
    found.push((n) => (n > 8 ? `fe80::1%${'z'.repeat(n - 8)}` : null));
  }
  const time = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2})?/.exec(seed);
  if (time) {
    const moment = `${time[1]}${time[2] ?? 'T00:00:00'}`;
    found.push((n) =>
      n > moment.length + 2 ? `${moment}.${'0'.repeat(n - moment.length - 2)}Z` : null,
    );
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(seed) && !/^[\d.]+$/.test(seed)) {
    found.push((n) => (n > seed.length + 1 ? hostOfLength(n, seed) : null));
  }
  for (const filler of ['a', ' ', '0']) {
    found.push((n) => seed.slice(0, n) + filler.repeat(Math.max(0, n - seed.length)));
  }
  return found;
}

interface Probe {
  field: string;
  /** The example's body with `max` characters in the field, with one more, and as it is. */
  atMax: unknown;
  overMax: unknown;
  over: string;
  /** The field at the example's own length: a refusal it shares is not for the length. */
  short: unknown;
}

/** Every string value of the document's examples by its property's name: seeds for absent fields. */
function examplesByName(doc: Json): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!isObject(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && !found.has(key)) found.set(key, item);
      walk(item);
    }
  };
  bodyExamples(doc).forEach((each) => walk(each.example));
  return found;
}

function probeOf(
  path: string[],
  schema: Json,
  body: unknown,
  seeds: Map<string, string>,
): Probe | null {
  const max = schema.maxLength as number;
  const own = valueAt(body, path);
  const seed = typeof own === 'string' ? own : seeds.get(path.at(-1)!);
  const pattern = schema.pattern ? new RegExp(schema.pattern as string, 'u') : null;
  const fits = (value: string | null): value is string =>
    value !== null && [...value].length === max && (!pattern || pattern.test(value));
  const build = builders(seed ?? '').find((each) => fits(each(max)));
  const atMax = build?.(max);
  const over = build?.(max + 1);
  if (!build || !fits(atMax ?? null) || typeof over !== 'string') return null;
  return {
    field: path.join('.'),
    atMax: withValue(body, path, atMax),
    overMax: withValue(body, path, over),
    over,
    short: withValue(body, path, seed ?? build(1)),
  };
}

/** What a VALIDATION_FAILED answer says of `field`, or null when it does not name it. */
function refusalOf(response: { body: Json }, field: string): string[] | null {
  if (response.body?.code !== 'VALIDATION_FAILED') return null;
  const details = (response.body.details ?? []) as Array<{ field: string; constraints: string[] }>;
  return details.find((d) => d.field === field)?.constraints ?? null;
}

describe(`The served document bounds every request string and list (${driver}, issue 14 §1)`, () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    await loadOpenApiMetadata();
    t = await startApp();
    doc = (await t.http().get('/docs/json').expect(200)).body as Json;
  });
  afterAll(() => t.close());

  it('gives every request-body string a maxLength (or a fixed format) and every list a maxItems (P11)', () => {
    const fields = requestFields(doc);
    expect(fields.filter(({ schema }) => schema.type === 'string').length).toBeGreaterThanOrEqual(
      140,
    );
    expect(fields.filter(({ schema }) => schema.type === 'array').length).toBeGreaterThanOrEqual(
      19,
    );
    expect(unbounded(fields)).toEqual([]);
    expect(unbounded(queryStrings(doc))).toEqual([]);
  });

  it('would catch a string or a list left unbounded', () => {
    const planted = structuredClone(doc);
    delete planted.components.schemas.StaffLoginDto.properties.password.maxLength;
    delete planted.components.schemas.TransferDto.properties.categories.maxItems;
    expect(unbounded(requestFields(planted))).toEqual([
      'POST /api/v1/auth/staff/login password',
      'POST /api/v1/transfers categories',
    ]);
  });

  it("states the validators' own numbers: passwords, patterns, the custom rules, vocabularies", () => {
    const schemas = doc.components.schemas as Json;
    expect(schemas.StaffLoginDto.properties.password).toMatchObject({
      minLength: 1,
      maxLength: 128,
    });
    expect(schemas.EnrolDto.properties.token).toMatchObject({ maxLength: 69 });
    expect(schemas.IdDocumentDto.properties.number).toMatchObject({ maxLength: 20 });
    expect(schemas.SubjectChangesDto.properties.iin).toMatchObject({
      pattern: '^\\d{12}$',
      maxLength: 12,
    });
    expect(schemas.SubjectChangesDto.properties.surname).toMatchObject({ maxLength: 100 });
    expect(schemas.RegisterSubjectDto.properties.iban).toMatchObject({ maxLength: 34 });
    expect(schemas.RegisterSubjectDto.properties.phone).toMatchObject({ maxLength: 32 });
    expect(schemas.ContractStateDto.properties.at).toMatchObject({ maxLength: 40 });
    expect(schemas.TransferDto.properties.categories).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(schemas.FileRequestDto.properties.documents).toMatchObject({ maxItems: 20 });
  });
});

describe(`Each request string's maxLength is the service's own (${driver}, issue 14 §1)`, () => {
  let t: TestApp;
  let doc: Json;
  let actors: Awaited<ReturnType<typeof fuzzActors>>;

  beforeAll(async () => {
    await loadOpenApiMetadata();
    t = await startApp();
    doc = (await t.http().get('/docs/json').expect(200)).body as Json;
    actors = await fuzzActors(t, declaredRoutes(t));
  });
  afterAll(() => t.close());

  it("refuses one character over a field's maxLength as VALIDATION_FAILED naming it, without the value, and does not refuse the field at its maxLength (P11)", async () => {
    const limit = t.config.http.bodyLimit;
    // Sign-ins and password changes last: they may end the actors' sessions.
    const examples = bodyExamples(doc).sort(
      (a, b) => Number(/auth|password/.test(a.name)) - Number(/auth|password/.test(b.name)),
    );
    const seeds = examplesByName(doc);
    const tried: string[] = [];
    const unbuildable: string[] = [];
    const refusedForContent: string[] = [];
    const wrong: Json[] = [];
    for (const each of examples) {
      const isPublic = each.operation.security.length === 0;
      const [admitted] = isPublic ? [null] : actors.admitted(routeOf(each));
      const actor: Actor | null = admitted ?? null;
      expect({ name: each.name, actor: isPublic || actor !== null }).toEqual({
        name: each.name,
        actor: true,
      });
      const strings = fieldsOf(each.schema, doc, each.name).filter(
        ({ schema }) => schema.type === 'string' && schema.maxLength !== undefined,
      );
      for (const { path, schema } of strings) {
        const probe = probeOf(path, schema, each.example, seeds);
        const name = `${each.name} ${path.join('.')}`;
        if (!probe) {
          unbuildable.push(name);
          continue;
        }
        tried.push(name);
        const overSize = Buffer.byteLength(JSON.stringify(probe.overMax));
        if (overSize > limit) {
          // The body limit answers first: the field's own limit is past what can arrive.
          const response = await sendBody(t, each, actor, probe.overMax);
          if (response.status !== 413) wrong.push({ name, over: response.status });
          continue;
        }
        const over = await sendBody(t, each, actor, probe.overMax);
        if (over.status !== 400 || !refusalOf(over, probe.field)) {
          wrong.push({
            name,
            over: over.status,
            code: over.body?.code,
            details: over.body?.details,
          });
        }
        if (over.text.includes(probe.over)) wrong.push({ name, repeated: true });
        const at = refusalOf(await sendBody(t, each, actor, probe.atMax), probe.field);
        if (at) {
          // Refused at its length for what it says (a pledge signed in another's name): the
          // same refusal at the example's own length shows it is not the length.
          const short = refusalOf(await sendBody(t, each, actor, probe.short), probe.field);
          if (JSON.stringify(short) !== JSON.stringify(at)) wrong.push({ name, atMax: at, short });
          else refusedForContent.push(name);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(unbuildable).toEqual([]);
    expect(tried.length).toBeGreaterThanOrEqual(90);
    expect(refusedForContent.length).toBeLessThanOrEqual(5);
    expect(tried).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/staff/login password',
        'POST /api/v1/subjects idDocument.number',
        'POST /api/v1/subjects consent.userAgent',
        'PATCH /api/v1/me iin',
      ]),
    );
  });
});
