/* eslint-disable @typescript-eslint/no-explicit-any -- the document is read as plain JSON */
import { randomUUID } from 'node:crypto';
import type { TestApp } from './app';
import type { Actor } from './fuzz-actors';

/*
 * The operations of the document that take a body, each with its body's example, and how a
 * test sends one as the route's admitted caller: the examples' and the limits' contract
 * tests both start from a body the service accepts.
 */

type Json = Record<string, any>;

export interface Example {
  name: string;
  method: string;
  /** As the app routes it: `/api/v1/staff/:id`. */
  route: string;
  operation: Json;
  schema: Json;
  example: unknown;
}

export const bodyExamples = (doc: Json): Example[] =>
  Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json)
      .filter(([, operation]) => (operation as Json).requestBody)
      .map(([method, operation]) => {
        const body = (operation as Json).requestBody.content['application/json'] as Json;
        return {
          name: `${method.toUpperCase()} ${path}`,
          method,
          route: path.replace(/\{(\w+)\}/g, ':$1'),
          operation: operation as Json,
          schema: body.schema as Json,
          example: body.example as unknown,
        };
      }),
  );

export const routeOf = (each: Example) => ({
  method: each.method.toUpperCase(),
  route: each.route,
});

/** A value for a path parameter: any UUID (the record need not exist), else a real code. */
const pathValue = (parameter: Json): string =>
  parameter.schema.format === 'uuid' ? randomUUID() : parameter.name === 'code' ? 'DE' : 'x';

/** Where a document id names a record the route must find for the example to be done. */
export const withRealIds = (value: unknown, ids: Record<string, string>): unknown => {
  if (Array.isArray(value)) return value.map((item) => withRealIds(item, ids));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([key, item]) => [
      key,
      key in ids ? ids[key] : withRealIds(item, ids),
    ]),
  );
};

/** Sends `body` to the operation as `actor` (none: a public route), with its purpose header. */
export const sendBody = (t: TestApp, each: Example, actor: Actor | null, body: unknown) => {
  const url = each.route.replace(/:(\w+)/g, (_, name: string) =>
    pathValue(
      (each.operation.parameters as Json[]).find((p) => p.in === 'path' && p.name === name)!,
    ),
  );
  const call = t.http()[each.method as 'post'](url);
  if (actor) void call.set('authorization', `Bearer ${actor.token}`);
  const declares = (header: string) =>
    (each.operation.parameters as Json[] | undefined)?.some(
      (p) => p.in === 'header' && p.name === header,
    );
  if (declares('X-Access-Purpose')) void call.set('X-Access-Purpose', 'CONTRACT');
  return call.send(body as object);
};
