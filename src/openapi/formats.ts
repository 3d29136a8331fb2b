import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

/**
 * Field names are part of the contract (DESIGN.md) and say what a string holds: `id` and
 * `…Id` are UUIDs, `…At` are ISO 8601 times in UTC. The swagger plugin sees only `string`
 * in a view, so the format is added here, for every schema and path parameter, unless one
 * is declared. The response validation of the test suite holds every answer to it.
 */
export function applyNamingFormats(doc: OpenAPIObject): void {
  for (const schema of Object.values(doc.components?.schemas ?? {})) walk(schema as Json);
  for (const methods of Object.values(doc.paths)) {
    for (const operation of Object.values(methods as Record<string, Json>)) {
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        const schema = parameter.schema as Json | undefined;
        if (schema && parameter.in === 'path') addFormat(String(parameter.name), schema);
      }
    }
  }
}

function walk(schema: Json): void {
  const properties = schema.properties as Record<string, Json> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    addFormat(name, property);
    nullableReference(property);
    nullableEnum(property);
    if (property.items) nullableEnum(property.items as Json);
    const items = property.items as Json | undefined;
    if (items) walk(items);
    walk(property);
  }
}

/**
 * `…Id` names that are not ours to mint: a caller's own `X-Request-Id`, the site's cookie,
 * a master key's id (`k1`). Declaring them UUIDs refused real answers and valid requests.
 */
const NOT_UUID = new Set(['requestId', 'cookieId', 'keyId']);

function addFormat(name: string, schema: Json): void {
  if (schema.type !== 'string' || schema.format || schema.enum || schema.pattern) return;
  if (NOT_UUID.has(name)) return;
  if (name === 'id' || /[a-z]Id$/.test(name)) schema.format = 'uuid';
  else if (/[a-z]At$/.test(name)) schema.format = 'date-time';
}

/**
 * The plugin writes a nullable nested view as `{ nullable, type: object, allOf: [$ref] }`,
 * which a strict OpenAPI 3.0 validator reads as "never null" (the `allOf` branch refuses
 * null). `anyOf` with a null branch says what the service answers.
 */
function nullableReference(schema: Json): void {
  const allOf = schema.allOf as Json[] | undefined;
  if (schema.nullable !== true || allOf?.length !== 1) return;
  delete schema.allOf;
  delete schema.type;
  delete schema.nullable;
  schema.anyOf = [allOf[0], { type: 'object', nullable: true, enum: [null] }];
}

/**
 * A nullable enum must list null among its values (OpenAPI 3.0.3): `enum` is checked
 * after `nullable`, so `{ nullable, enum: [A, B] }` refuses the null the service sends.
 */
function nullableEnum(schema: Json): void {
  const values = schema.enum as unknown[] | undefined;
  // A new array: the document shares the vocabularies' own arrays (PURPOSES…), which
  // the validators read too; adding null to those would let null through them.
  if (schema.nullable === true && values && !values.includes(null)) schema.enum = [...values, null];
}
