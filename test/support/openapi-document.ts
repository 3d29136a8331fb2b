/*
 * The OpenAPI document the app serves, read as the list of operations the property-based
 * bad-input test sends requests to: method, route, parameters, body schema.
 */

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: { 'application/json'?: { schema?: Schema } } };
}

export interface Operation {
  method: string;
  /** The path as the app routes it: `/api/v1/staff/:id`. */
  route: string;
  parameters: Parameter[];
  body: Schema | null;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      route: path.replace(/\{(\w+)\}/g, ':$1'),
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

/** Every enum value and property name in the document: words an error may rightly contain. */
export function vocabularyOf(doc: OpenApiDocument): Set<string> {
  const words = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'enum' && Array.isArray(item)) item.forEach((v) => words.add(String(v)));
      if (key === 'properties') Object.keys(item as object).forEach((name) => words.add(name));
      if (key === 'name' && typeof item === 'string') words.add(item);
      walk(item);
    }
  };
  walk(doc);
  return words;
}

export function resolve(schema: Schema, doc: OpenApiDocument): Schema {
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').at(-1)!], doc);
  // A nullable view: `anyOf: [view, null]` (src/openapi/formats.ts).
  if (schema.anyOf?.length) return { ...resolve(schema.anyOf[0], doc), nullable: true };
  if (schema.allOf?.length)
    return { ...schema, ...resolve(schema.allOf[0], doc), allOf: undefined };
  return schema;
}
