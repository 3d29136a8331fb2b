/* eslint-disable @typescript-eslint/no-explicit-any -- the document is read as plain JSON: its shape is what these tests check */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driver, startApp, type TestApp } from '../support/app';
import {
  bodyExamples,
  type Example,
  routeOf,
  sendBody,
  withRealIds,
} from '../support/body-examples';
import { schemaViolation } from '../support/contract';
import { type Actor, fuzzActors } from '../support/fuzz-actors';
import { STAFF_PASSWORD } from '../support/actors';
import { declaredRoutes } from '../support/route-walk';
import { SUBJECT_PASSWORD } from '../support/subjects';
import { ADMIN_PASSWORD } from '../support/test-env';

type Json = Record<string, any>;
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Json;

const examples = bodyExamples(doc);

/** Refusals that come before a body is validated: an example refused by them proves nothing. */
const BEFORE_VALIDATION = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN_ROLE',
  'ACCOUNT_SUSPENDED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

describe('An example for every request body, valid (issue 14 §1)', () => {
  it('gives every operation that takes a body an example that matches its schema', () => {
    expect(examples.length).toBeGreaterThanOrEqual(39);
    expect(examples.filter((each) => each.example === undefined).map((each) => each.name)).toEqual(
      [],
    );
    const refused = examples
      .map((each) => ({ name: each.name, why: schemaViolation(each.schema, each.example) }))
      .filter((each) => each.why !== null);
    expect(refused).toEqual([]);
  });

  it('holds the examples to the schema: a wrong one is refused', () => {
    const register = examples.find((each) => each.name === 'POST /api/v1/subjects')!;
    const example = register.example as Json;
    expect(schemaViolation(register.schema, { ...example, iin: 880415401230 })).toMatch(/iin/);
    expect(schemaViolation(register.schema, { ...example, policyVersionId: 'v4' })).toMatch(
      /policyVersionId/,
    );
  });
});

describe(`Every request body's example, sent as it is, passes the service's validation (${driver})`, () => {
  let t: TestApp;
  let actors: Awaited<ReturnType<typeof fuzzActors>>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startApp();
    actors = await fuzzActors(t, declaredRoutes(t));
    const policy = await t.http().get('/api/v1/policy-versions/current');
    ids = { policyVersionId: policy.body.id as string };
  });
  afterAll(() => t.close());

  /**
   * What some examples must carry to be done rather than refused by a rule after
   * validation: the signer's own name on a pledge, a real officer to assign, a registered
   * subject for a visit, the caller's own current password.
   */
  const ownValues = async (each: Example, actor: Actor | null): Promise<Record<string, string>> => {
    if (!actor) return {};
    const staff = async () =>
      (await t.http().get('/api/v1/staff/me').set('authorization', `Bearer ${actor.token}`))
        .body as { id: string; fullName: string };
    switch (each.name) {
      case 'POST /api/v1/staff/me/pledges':
        return { fullName: (await staff()).fullName };
      case 'POST /api/v1/data-requests/{id}/assign':
        return { assigneeId: (await staff()).id };
      case 'POST /api/v1/visits': {
        const me = await t
          .http()
          .get('/api/v1/me')
          .set('authorization', `Bearer ${actors.subject.token}`);
        return { subjectId: me.body.id as string };
      }
      case 'PUT /api/v1/staff/me/password':
        return { currentPassword: actor === actors.admin ? ADMIN_PASSWORD : STAFF_PASSWORD };
      case 'PUT /api/v1/me/password':
        return { currentPassword: SUBJECT_PASSWORD };
      default:
        return {};
    }
  };

  const send = (each: Example, actor: Actor | null, body: unknown) =>
    sendBody(t, each, actor, body);

  it('refuses none of them as invalid, whoever the route admits sends it (P11)', async () => {
    const outcomes: Array<{ name: string; isPublic: boolean; status: number; code?: string }> = [];
    // Sign-ins and password changes last: they may end the actors' sessions.
    const ordered = [...examples].sort(
      (a, b) => Number(/auth|password/.test(a.name)) - Number(/auth|password/.test(b.name)),
    );
    for (const each of ordered) {
      const isPublic = each.operation.security.length === 0;
      const [actor] = isPublic ? [null] : actors.admitted(routeOf(each));
      expect({ name: each.name, actor: isPublic || actor !== undefined }).toEqual({
        name: each.name,
        actor: true,
      });
      const real = { ...ids, ...(await ownValues(each, actor ?? null)) };
      const body = withRealIds(each.example, real) as Json;
      // The same request with a field no DTO has is refused as invalid: the body is
      // validated for this caller and path, so what the example meets next comes after.
      const probe = await send(each, actor ?? null, { ...body, notAField: true });
      expect({ name: each.name, code: probe.body.code }).toEqual({
        name: each.name,
        code: 'VALIDATION_FAILED',
      });
      const response = await send(each, actor ?? null, body);
      outcomes.push({
        name: each.name,
        isPublic,
        status: response.status,
        code: response.body?.code,
      });
    }
    // A public sign-in answers UNAUTHENTICATED for the invented credentials: after validation.
    const refused = outcomes.filter(
      ({ isPublic, status, code }) =>
        status >= 500 ||
        code === 'VALIDATION_FAILED' ||
        (!!code && BEFORE_VALIDATION.has(code) && !(isPublic && code === 'UNAUTHENTICATED')),
    );
    expect(refused).toEqual([]);
    // The registration example, with the policy in force, registers a subject.
    expect(outcomes.find((each) => each.name === 'POST /api/v1/subjects')).toMatchObject({
      status: 201,
    });
  });

  it('would catch an example the service refuses: a wrong IIN check digit is VALIDATION_FAILED (P4.2)', async () => {
    const register = examples.find((each) => each.name === 'POST /api/v1/subjects')!;
    const example = register.example as Json;
    const wrong = `${String(example.iin).slice(0, 11)}${(Number(String(example.iin)[11]) + 1) % 10}`;
    const [client] = actors.admitted(routeOf(register));
    const response = await send(register, client, {
      ...(withRealIds(example, ids) as Json),
      iin: wrong,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details).toEqual([{ field: 'iin', constraints: expect.any(Array) }]);
  });
});
