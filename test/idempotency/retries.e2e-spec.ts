import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AuditAction } from '../../src/audit/audit-actions';
import { HOLD_MS, IdempotencyKeys } from '../../src/idempotency/idempotency-keys';
import { RegistrationService } from '../../src/registration/registration.service';
import { VisitsService } from '../../src/subjects/visits.service';
import { Scope } from '../../src/clients/scopes';
import { bearer, createClient } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { createParty, partyBody } from '../third-parties/helpers';
import {
  type Billing,
  countRows,
  registerSubject,
  renewBilling,
  setUpBilling,
  subjectBody,
} from '../support/subjects';

const HOUR = 3_600_000;

describe('Safe retries: Idempotency-Key on the Billing’s writes (issue 14 §3)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const register = (body: Record<string, unknown>, key: string, token = billing.clientToken) =>
    t.http().post('/api/v1/subjects').set(bearer(token)).set('Idempotency-Key', key).send(body);
  const visit = (key: string, page = 'https://fingram.kz/pricing') =>
    t
      .http()
      .post('/api/v1/visits')
      .set(bearer(billing.clientToken))
      .set('Idempotency-Key', key)
      .send({
        ip: '203.0.113.7',
        cookieId: 'cookie-1',
        userAgent: 'Mozilla/5.0',
        at: '2026-11-30T10:00:00.000Z',
        pageUrl: page,
      });
  const registrations = (): Promise<number> =>
    t.db
      .getRepository(AuditEntry)
      .countBy({ action: AuditAction.SUBJECT_REGISTER, outcome: 'ALLOWED' });

  it('answers a retried registration with the first answer, status and body, and registers once', async () => {
    const body = subjectBody(billing.policyVersionId);
    const key = randomUUID();
    const before = await countRows(t, 'subjects');
    const registeredBefore = await registrations();
    const first = await register(body, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await register(reordered, key);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await countRows(t, 'subjects')).toBe(before + 1);
    expect(await registrations()).toBe(registeredBefore + 1);
  });

  it('refuses the same key with another body: 409 IDEMPOTENCY_KEY_REUSED, nothing done', async () => {
    const key = randomUUID();
    expect((await visit(key)).status).toBe(201);
    const before = await countRows(t, 'visits');
    const other = await visit(key, 'https://fingram.kz/contacts');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(other.body)).not.toContain(key);
    expect(await countRows(t, 'visits')).toBe(before);
  });

  it('keeps keys per client: another client’s identical key is its own request', async () => {
    const site = await createClient(t, [Scope.SUBJECTS_WRITE]);
    const key = randomUUID();
    const mine = await register(subjectBody(billing.policyVersionId), key);
    const theirs = await register(subjectBody(billing.policyVersionId), key, site.token);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('replays a contract report and a transfer without recording them twice (P7, P13)', async () => {
    const subject = await registerSubject(t, billing);
    const key = randomUUID();
    const contractBody = { state: 'ACTIVE', at: t.clock.now().toISOString() };
    const put = () =>
      t
        .http()
        .put(`/api/v1/subjects/${subject.id}/contract`)
        .set(bearer(billing.clientToken))
        .set('Idempotency-Key', key)
        .send(contractBody);
    const first = await put();
    const again = await put();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const [changes] = await t.db.query(
      'SELECT COUNT(*) AS n FROM contract_state_changes WHERE subjectId = ?',
      [subject.id],
    );
    expect(Number(changes.n)).toBe(1);

    const party = await createParty(t, billing.officerToken, partyBody(t));
    const transferKey = randomUUID();
    const transfer = () =>
      t
        .http()
        .post('/api/v1/transfers')
        .set(bearer(billing.clientToken))
        .set('Idempotency-Key', transferKey)
        .send({
          subjectId: subject.id,
          thirdPartyId: party.id,
          categories: ['IDENTITY'],
          purpose: 'IDENTIFICATION',
          legalBasis: 'CONSENT',
          lawReference: null,
        });
    const sent = await transfer();
    const resent = await transfer();
    expect(sent.status).toBe(201);
    expect(resent.body).toEqual(sent.body);
    const [transfers] = await t.db.query(
      'SELECT COUNT(*) AS n FROM transfers WHERE subjectId = ?',
      [subject.id],
    );
    expect(Number(transfers.n)).toBe(1);
  });

  it('keeps no PD and not the key in clear: digests and a sealed answer only (P11.4)', async () => {
    const body = subjectBody(billing.policyVersionId);
    const key = `billing-${randomUUID()}`;
    const first = await register(body, key);
    expect(first.status).toBe(201);
    const rows: Array<Record<string, unknown>> = await t.db.query('SELECT * FROM idempotency_keys');
    const text = JSON.stringify(rows);
    for (const value of [key, first.body.id, body.email, body.phone, body.iin, body.surname]) {
      expect(text).not.toContain(String(value));
    }
    expect(rows.some((row) => String(row.responseSealed).startsWith('v1.'))).toBe(true);
  });

  it('frees the key of a refused request, so the corrected retry is done', async () => {
    const key = randomUUID();
    const refused = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(billing.clientToken))
      .set('Idempotency-Key', key)
      .send({ ip: 'not-an-address' });
    expect(refused.status).toBe(400);
    const corrected = await visit(key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key without repeating it', async () => {
    const response = await visit('has spaces in it');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body)).not.toContain('has spaces');
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while the first request runs, then replays it', async () => {
    const service = t.app.get(RegistrationService);
    const original = service.register.bind(service);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    jest.spyOn(service, 'register').mockImplementationOnce(async (dto, ctx) => {
      entered();
      await gate;
      return original(dto, ctx);
    });
    const body = subjectBody(billing.policyVersionId);
    const key = randomUUID();
    const first = register(body, key).then((response) => response);
    await started;
    const during = await register(body, key);
    expect(during.status).toBe(409);
    expect(during.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    release();
    expect((await first).status).toBe(201);
    const after = await register(body, key);
    expect(after.status).toBe(201);
    expect(after.body).toEqual((await first).body);
  });

  it('lets a retry take over from a holder presumed dead, and then refuses the late holder’s commit (killed process)', async () => {
    const service = t.app.get(VisitsService);
    const original = service.record.bind(service);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    jest.spyOn(service, 'record').mockImplementationOnce(async (dto, ctx) => {
      entered();
      await gate;
      return original(dto, ctx);
    });
    const key = randomUUID();
    const before = await countRows(t, 'visits');
    const stalled = visit(key).then((response) => response);
    await started;
    t.clock.advance(HOLD_MS + 1000);
    await renewBilling(t, billing);
    const successor = await visit(key);
    expect(successor.status).toBe(201);
    release();
    const late = await stalled;
    // Its work found the key no longer its own before committing, and rolled back.
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await countRows(t, 'visits')).toBe(before + 1);
    t.clock.reset();
    await renewBilling(t, billing);
  });

  it('never redoes work that committed when its answer was lost (died after the commit)', async () => {
    const keys = t.app.get(IdempotencyKeys);
    jest.spyOn(keys, 'complete').mockRejectedValueOnce(new Error('process died here'));
    const key = randomUUID();
    const before = await countRows(t, 'visits');
    expect((await visit(key)).status).toBe(500);
    t.clock.advance(HOLD_MS + 1000);
    await renewBilling(t, billing);
    const retry = await visit(key);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(await countRows(t, 'visits')).toBe(before + 1);
    t.clock.reset();
    await renewBilling(t, billing);
  });

  it('forgets a key after IDEMPOTENCY_TTL_HOURS: the same request is then done again', async () => {
    const key = randomUUID();
    const first = await visit(key);
    expect(first.status).toBe(201);
    t.clock.advance(23 * HOUR);
    await renewBilling(t, billing);
    const within = await visit(key);
    expect(within.headers['idempotent-replayed']).toBe('true');
    expect(within.body).toEqual(first.body);
    t.clock.advance(2 * HOUR);
    await renewBilling(t, billing);
    const after = await visit(key);
    expect(after.status).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(after.body.id).not.toBe(first.body.id);
    t.clock.reset();
    await renewBilling(t, billing);
  });
});
