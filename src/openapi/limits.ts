import type { Type } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { EndpointInputs } from './endpoint.decorator';
import { patternMaxLength } from './pattern-length';

type Json = Record<string, unknown>;

/** What a custom rule says of the strings it accepts: the part JSON Schema can express. */
export interface RuleSchema {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

const DECLARED = new Map<string, RuleSchema>();

/**
 * A custom rule (`ValidateBy({ name })`) states here, next to its test, the schema of the
 * strings it admits, so the contract says it on every field the rule guards. Only what
 * the rule itself enforces: a pattern or a length it checks, never a hope.
 */
export function declareRuleSchema(rule: string, schema: RuleSchema): void {
  DECLARED.set(rule, schema);
}

/**
 * The bounds the validators enforce, written into the document from the validators
 * themselves (class-validator's metadata), so the contract and the rules cannot drift and
 * no number is copied per DTO: a string's length, pattern, format and vocabulary, an
 * array's size, uniqueness and items, a number's range. The swagger plugin writes some of
 * these, and only where a decorator's argument is a literal (`@MaxLength(200)`, not
 * `@MaxLength(PASSWORD_MAX_LENGTH)`); this writes them all, for every component schema
 * whose class carries rules and for every query parameter of a query class, and a pattern
 * that bounds its length (`^\d{12}$`) gives the `maxLength` it implies. An array of
 * distinct values from a closed vocabulary holds at most the vocabulary.
 */
export function applyValidatorLimits(
  doc: OpenAPIObject,
  inputsOf: (operationId: string) => EndpointInputs,
): void {
  const operations = Object.values(doc.paths).flatMap((methods) =>
    Object.values(methods as Record<string, Json>),
  );
  const inputs = operations.map((operation) => inputsOf(String(operation.operationId)));
  const classes = validatedClasses(inputs.flatMap(({ body }) => (body ? [body] : [])));
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}) as Array<
    [string, Json]
  >) {
    const target = classes.get(name);
    const properties = schema.properties as Record<string, Json> | undefined;
    if (!target || !properties) continue;
    const rules = rulesByProperty(target);
    for (const [property, propertySchema] of Object.entries(properties)) {
      limit(propertySchema, rules.get(property) ?? []);
    }
  }
  operations.forEach((operation, at) => {
    const target = inputs[at].query;
    const rules = target ? rulesByProperty(target) : new Map<string, ValidationMetadata[]>();
    for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
      if (parameter.in !== 'query' || !parameter.schema) continue;
      limit(parameter.schema as Json, rules.get(String(parameter.name)) ?? []);
    }
  });
}

/**
 * Every body's class and every class that declares a rule (a nested one), by name: the
 * name the document gives its schema. class-validator lists the latter only in its
 * storage's private map; a version that moves it fails here, loudly, rather than leaving
 * the contract without its limits.
 */
function validatedClasses(bodies: Type[]): Map<string, Type> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas?: Map<unknown, ValidationMetadata[]>;
  };
  if (!(storage.validationMetadatas instanceof Map)) {
    throw new Error("class-validator's metadata storage is not the map limits.ts reads");
  }
  const classes = new Map<string, Type>();
  const ambiguous = new Set<string>();
  for (const target of [...bodies, ...storage.validationMetadatas.keys()]) {
    if (typeof target !== 'function') continue;
    const known = classes.get(target.name);
    if (known && known !== target) ambiguous.add(target.name);
    classes.set(target.name, target as Type);
  }
  // Two classes of one name: the document cannot tell whose schema it holds.
  for (const name of ambiguous) classes.delete(name);
  return classes;
}

function rulesByProperty(target: Type): Map<string, ValidationMetadata[]> {
  const rules = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    rules.set(rule.propertyName, [...(rules.get(rule.propertyName) ?? []), rule]);
  }
  return rules;
}

function limit(schema: Json, rules: ValidationMetadata[]): void {
  for (const rule of rules) {
    const bounds = boundsOf(rule);
    if (!bounds) continue;
    if (rule.each) {
      const items = schema.items as Json | undefined;
      if (schema.type === 'array' && items && !items.$ref) merge(items, bounds);
    } else merge(schema, bounds);
  }
  uniqueVocabulary(schema);
  impliedLength(schema);
  const items = schema.items as Json | undefined;
  if (items && !items.$ref) impliedLength(items);
}

type Bounds = Partial<
  Record<
    | 'maxLength'
    | 'minLength'
    | 'pattern'
    | 'format'
    | 'enum'
    | 'maxItems'
    | 'minItems'
    | 'uniqueItems'
    | 'maximum'
    | 'minimum',
    unknown
  >
>;

/** What one rule enforces, in JSON Schema's words, or null when it says nothing of bounds. */
function boundsOf(rule: ValidationMetadata): Bounds | null {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'isLength':
      return { minLength: first, maxLength: second };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'matches':
      return { pattern: first instanceof RegExp ? first.source : first };
    case 'isIn':
      return { enum: first };
    case 'isEnum':
      return { enum: second };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayNotEmpty':
      return { minItems: 1 };
    case 'arrayUnique':
      return { uniqueItems: true };
    case 'max':
      return { maximum: first };
    case 'min':
      return { minimum: first };
    default:
      return (rule.name && DECLARED.get(rule.name)) || null;
  }
}

const STRING_BOUNDS = new Set(['maxLength', 'minLength', 'pattern', 'format']);
const ARRAY_BOUNDS = new Set(['maxItems', 'minItems', 'uniqueItems']);
const NUMBER_BOUNDS = new Set(['maximum', 'minimum']);

/** Adds what the rule enforces; of two bounds the tighter stands, a declared one is kept. */
function merge(schema: Json, bounds: Bounds): void {
  for (const [key, value] of Object.entries(bounds)) {
    if (value === undefined || value === null) continue;
    if (STRING_BOUNDS.has(key) && schema.type !== 'string') continue;
    if (ARRAY_BOUNDS.has(key) && schema.type !== 'array') continue;
    if (NUMBER_BOUNDS.has(key) && schema.type !== 'integer' && schema.type !== 'number') continue;
    const known = schema[key];
    if (key.startsWith('max') && typeof known === 'number') {
      schema[key] = Math.min(known, value as number);
    } else if (key.startsWith('min') && typeof known === 'number') {
      schema[key] = Math.max(known, value as number);
    } else if (known === undefined) {
      schema[key] = value;
    }
  }
}

/** Distinct values of a closed vocabulary: no more of them than the vocabulary holds. */
function uniqueVocabulary(schema: Json): void {
  const values = (schema.items as Json | undefined)?.enum as unknown[] | undefined;
  if (schema.type !== 'array' || schema.uniqueItems !== true || !values) return;
  const distinct = new Set(values.filter((value) => value !== null)).size;
  schema.maxItems = Math.min((schema.maxItems as number | undefined) ?? distinct, distinct);
}

/** A pattern that admits nothing longer than N characters says `maxLength: N`. */
function impliedLength(schema: Json): void {
  if (schema.type !== 'string' || typeof schema.pattern !== 'string') return;
  const longest = patternMaxLength(schema.pattern);
  if (longest === null) return;
  const known = schema.maxLength as number | undefined;
  schema.maxLength = Math.min(known ?? longest, longest);
}
