import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';

/*
 * What a DTO class says about its own schema that @nestjs/swagger has no decorator for.
 * Each is an `x-pd-…` extension on the class's schema, read and removed by the document's
 * post-processor (contract.ts), which writes the OpenAPI it stands for.
 */

/** `additionalProperties: false` on the class's schema. */
export const CLOSED_EXTENSION = 'x-pd-closed';
/**
 * The example of a request body whose schema is the class, keyed by the class's name: a
 * class's extensions reach its subclasses, whose schemas must not show the parent's example.
 */
const exampleExtension = (schemaName: string): string => `x-pd-example-${schemaName}`;
const EXAMPLE_PREFIX = exampleExtension('');

/** The JSON a DTO is sent as: dates as ISO strings, nested DTOs as objects. */
export type Sent<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer I>
    ? Array<Sent<I>>
    : T extends object
      ? { [K in keyof T]?: Sent<T[K]> }
      : T;

/** The schema lists every property the class may carry, and nothing else may appear. */
export function ClosedSchema(): ClassDecorator {
  return ApiExtension(CLOSED_EXTENSION, true);
}

/**
 * A realistic request body, shown in the contract for every operation that takes the
 * class: invented values that pass the class's own validation (test/contract/examples
 * sends each one as it is and fails on VALIDATION_FAILED). Never a real person's PD.
 */
export function BodyExample<T>(
  example: Sent<T>,
): (target: abstract new (...args: never[]) => T) => void {
  return (target) => {
    ApiExtension(exampleExtension(target.name), example)(target);
  };
}

type Json = Record<string, unknown>;

/**
 * Writes the extensions into the document: a closed class's schema gets
 * `additionalProperties: false`, and every request body whose schema is a class with an
 * example gets it as its media type's `example`. The extensions themselves are removed.
 */
export function applySchemaExtensions(doc: OpenAPIObject): void {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const examples = new Map<string, unknown>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema[CLOSED_EXTENSION] === true) schema.additionalProperties = false;
    if (exampleExtension(name) in schema) examples.set(name, schema[exampleExtension(name)]);
    delete schema[CLOSED_EXTENSION];
    for (const key of Object.keys(schema)) if (key.startsWith(EXAMPLE_PREFIX)) delete schema[key];
  }
  for (const methods of Object.values(doc.paths)) {
    for (const operation of Object.values(methods as Record<string, Json>)) {
      const body = (operation.requestBody as { content?: Record<string, Json> } | undefined)
        ?.content?.['application/json'];
      const ref = (body?.schema as { $ref?: string } | undefined)?.$ref;
      const name = ref?.split('/').at(-1);
      if (body && name && examples.has(name)) body.example = examples.get(name);
    }
  }
}
