import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import { driver, startApp, type TestApp } from '../support/app';
import { type Actor, fuzzActors } from '../support/fuzz-actors';
import { inErrorFormat, Reflection } from '../support/fuzz-checks';
import { loadOpenApiMetadata } from '../support/openapi-metadata';
import {
  type OpenApiDocument,
  type Operation,
  operationsOf,
  vocabularyOf,
} from '../support/openapi-document';
import { type GeneratedRequest, requestFor } from '../support/openapi-requests';
import { submittedKeys, submittedStrings, urlOf } from '../support/request-parts';
import { declaredRoutes } from '../support/route-walk';

/*
 * The property every operation must hold, whatever it is sent (issue 11 §5): no answer is
 * a 5xx, every error is in the error format with a known code of its status, no error
 * repeats a value sent, and no registered PD or sent value reaches a log line. Requests
 * are generated with fast-check from the OpenAPI document the app serves, each with a
 * token its route admits (mostly), so validation and the rules behind it are reached.
 *
 *   FUZZ_SEED=<n>       replay a run (the seed is printed with every result)
 *   FUZZ_REQUESTS=<n>   requests per run (default 3,000, spread over all operations)
 *   FUZZ_VERBOSE=1      print every answer
 */

/** At least this many requests per run, spread over every operation (`FUZZ_REQUESTS`). */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
/** Set `FUZZ_SEED` to replay a run; every failure names the seed it ran with. */
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(0, 2 ** 31));

interface Finding {
  what: '5xx' | 'format' | 'reflected';
  operation: string;
  status: number;
  detail: string;
}

describe(`Bad input, generated from the OpenAPI document for every operation (${driver})`, () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let operations: Operation[];
  let actors: Awaited<ReturnType<typeof fuzzActors>>;

  beforeAll(async () => {
    await loadOpenApiMetadata();
    // Nothing in the run may lock the actors out: throttling and detection are proven elsewhere.
    t = await startApp({
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
        LOGIN_MAX_FAILURES_PER_IP: '100000',
        DETECT_DENIED_LIMIT: '1000000',
        DETECT_READ_LIMIT: '1000000',
      },
    });
    doc = (await t.http().get('/docs/json')).body as OpenApiDocument;
    operations = operationsOf(doc);
    actors = await fuzzActors(t, declaredRoutes(t));
  });
  afterAll(() => t.close());

  async function send(op: Operation, request: GeneratedRequest, actor: Actor | null) {
    const call = t.http()[op.method.toLowerCase() as 'get'](urlOf(op, request));
    for (const [name, value] of Object.entries(request.headers)) void call.set(name, value);
    if (actor) void call.set('authorization', `Bearer ${actor.token}`);
    const { body } = request;
    if (body.kind === 'json') {
      void call.set('content-type', 'application/json').send(JSON.stringify(body.value) ?? 'null');
    } else if (body.kind === 'raw') {
      if (body.contentType) void call.set('content-type', body.contentType);
      void call.send(body.text);
    }
    return call;
  }

  it('answers every request without a 5xx, in the error format, repeating no value sent (P11, P16)', async () => {
    const reflection = new Reflection(vocabularyOf(doc));
    const perOperation = Math.ceil(REQUESTS / operations.length);
    const findings: Finding[] = [];
    const statuses: Record<string, number> = {};
    const sent = new Set<string>();
    let requests = 0;
    const started = Date.now();

    const spent = new Map<string, number>();
    for (const [index, op] of operations.entries()) {
      const name = `${op.method} ${op.route}`;
      const opStarted = Date.now();
      const plans = fc.sample(fc.tuple(requestFor(op, doc, actors.pools), actors.chooser(op)), {
        seed: SEED + index,
        numRuns: perOperation,
      });
      for (const [request, actor] of plans) {
        const response = await send(op, request, actor);
        requests++;
        const klass = `${String(response.status)[0]}xx`;
        statuses[klass] = (statuses[klass] ?? 0) + 1;
        if (process.env.FUZZ_VERBOSE)
          console.log(`${name} ${response.status} ${String(response.text).slice(0, 200)}`);
        await actors.afterwards(op, actor, request, response);
        const submitted = submittedStrings(request);
        submitted.forEach((value) => sent.add(value));
        const finding = (what: Finding['what'], detail: string) =>
          findings.push({
            what,
            operation: name,
            status: response.status,
            detail: detail.slice(0, 400),
          });
        if (response.status >= 500) finding('5xx', JSON.stringify(request));
        if (response.status < 400) continue;
        if (!inErrorFormat(response.status, response.body))
          finding('format', String(response.text));
        for (const value of reflection.foundIn(
          String(response.text),
          submitted,
          submittedKeys(request),
        )) {
          finding('reflected', `${JSON.stringify(value)} in ${response.text}`);
        }
      }
      spent.set(name, Date.now() - opStarted);
    }
    const slowest = [...spent]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, ms]) => `${name} ${ms} ms`);

    // No registered PD, and no value sent of 8 characters or more, in any log line (by the
    // same rule: a word the service's own source holds, such as "name", is no leak).
    const logs = t.logs.text();
    const inLog = reflection.foundIn(logs, [
      ...actors.registeredPd(),
      ...[...sent].filter((value) => value.length >= 8),
    ]);
    const count = (what: Finding['what']) => findings.filter((f) => f.what === what).length;
    console.log(
      `bad input (${driver}, FUZZ_SEED=${SEED}): ${requests} requests over ${operations.length} operations ` +
        `in ${Math.round((Date.now() - started) / 1000)} s; ${JSON.stringify(statuses)}; ` +
        `5xx ${count('5xx')}, not in the error format ${count('format')}, values reflected ${count('reflected')}, ` +
        `registered PD or sent values in the log ${inLog.length}; slowest: ${slowest.join(', ')}`,
    );
    expect(requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(operations.length).toBe(declaredRoutes(t).length);
    const seed = `FUZZ_SEED=${SEED}`;
    expect({ seed, findings: findings.slice(0, 20), inLog: inLog.slice(0, 20) }).toEqual({
      seed,
      findings: [],
      inLog: [],
    });
  }, 300_000);
});
