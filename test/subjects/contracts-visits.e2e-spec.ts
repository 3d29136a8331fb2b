import { Scope } from '../../src/clients/scopes';
import { VisitsService } from '../../src/subjects/visits.service';
import { bearer, createClient } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  countRows,
  registerSubject,
  setUpBilling,
  subjectLogin,
} from '../support/subjects';

describe('Contract state from the Billing (P7)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  const report = (id: string, state: string, at: string, token = billing.clientToken) =>
    t.http().put(`/api/v1/subjects/${id}/contract`).set(bearer(token)).send({ state, at });

  it('records each reported state with its time and keeps the history (P7)', async () => {
    const subject = await registerSubject(t, billing);
    expect((await report(subject.id, 'ACTIVE', '2026-01-10T09:00:00.000Z')).body).toEqual({
      state: 'ACTIVE',
      at: '2026-01-10T09:00:00.000Z',
    });
    const fulfilled = await report(subject.id, 'OBLIGATIONS_FULFILLED', '2026-10-01T12:00:00.000Z');
    expect(fulfilled.status).toBe(200);
    const history = await t.db.query(
      'SELECT state FROM contract_state_changes WHERE subjectId = ? ORDER BY effectiveAt',
      [subject.id],
    );
    expect(history.map((row: { state: string }) => row.state)).toEqual([
      'ACTIVE',
      'OBLIGATIONS_FULFILLED',
    ]);
    const me = await t
      .http()
      .get('/api/v1/me')
      .set(bearer(await subjectLogin(t, subject.email)));
    expect(me.body.contract).toEqual({
      state: 'OBLIGATIONS_FULFILLED',
      at: '2026-10-01T12:00:00.000Z',
    });
  });

  it('keeps the latest state when an older one is reported late (P7)', async () => {
    const subject = await registerSubject(t, billing);
    await report(subject.id, 'TERMINATED', '2026-09-01T00:00:00.000Z');
    const late = await report(subject.id, 'ACTIVE', '2026-08-01T00:00:00.000Z');
    expect(late.body).toEqual({ state: 'TERMINATED', at: '2026-09-01T00:00:00.000Z' });
    expect(
      Number(
        (
          await t.db.query('SELECT COUNT(*) AS n FROM contract_state_changes WHERE subjectId = ?', [
            subject.id,
          ])
        )[0].n,
      ),
    ).toBe(2);
  });

  it('refuses an unknown state, an unknown subject and a client without contracts:write', async () => {
    const subject = await registerSubject(t, billing);
    expect((await report(subject.id, 'PAUSED', '2026-01-01T00:00:00Z')).body.details[0].field).toBe(
      'state',
    );
    expect(
      (await report('00000000-0000-4000-8000-000000000000', 'ACTIVE', '2026-01-01T00:00:00Z'))
        .status,
    ).toBe(404);
    const visitsOnly = await createClient(t, [Scope.VISITS_WRITE]);
    expect(
      (await report(subject.id, 'ACTIVE', '2026-01-01T00:00:00Z', visitsOnly.token)).body.code,
    ).toBe('FORBIDDEN_ROLE');
  });
});

describe('Visit data from the site (P4.1)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp({ env: { VISIT_RETENTION_DAYS: '30' } });
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  const visit = (fields: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/api/v1/visits')
      .set(bearer(billing.clientToken))
      .send({
        ip: '198.51.100.23',
        cookieId: 'ck-7f3a9',
        userAgent: 'Mozilla/5.0',
        at: new Date().toISOString(),
        pageUrl: 'https://timebilling.kz/pricing?email=a@example.kz#top',
        ispDomain: 'kaztelecom.kz',
        ...fields,
      });

  it('stores a visit as TECHNICAL data: IP and cookie id only as keyed hashes, no query string (P4.1)', async () => {
    const response = await visit();
    expect(response.status).toBe(201);
    const [row] = await t.db.query('SELECT * FROM visits WHERE id = ?', [response.body.id]);
    expect(row.pageUrl).toBe('https://timebilling.kz/pricing');
    expect(row.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toMatch(/198\.51\.100\.23|ck-7f3a9|a@example\.kz/);
  });

  it('refuses a page address the URL parser cannot read, with a 400 and nothing stored (P4.1)', async () => {
    // validator.js takes a right-to-left override inside the host; WHATWG URL does not.
    const before = Number((await t.db.query('SELECT COUNT(*) AS n FROM visits'))[0].n);
    for (const pageUrl of [
      'https://fingr\u202eam.kz/pricing',
      'ftp://timebilling.kz/x',
      'pricing',
    ]) {
      const response = await visit({ pageUrl });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details[0].field).toBe('pageUrl');
      expect(response.text).not.toContain('fingr');
    }
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM visits'))[0].n)).toBe(before);
  });

  it("links a visitor's earlier visits to the subject once known (P4.1)", async () => {
    const subject = await registerSubject(t, billing);
    const cookieId = `ck-${subject.id}`;
    const anonymous = await visit({ cookieId });
    expect((await visit({ cookieId, subjectId: subject.id })).status).toBe(201);
    const [row] = await t.db.query('SELECT subjectId FROM visits WHERE id = ?', [
      anonymous.body.id,
    ]);
    expect(row.subjectId).toBe(subject.id);
    const unknown = await visit({ subjectId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.details[0].field).toBe('subjectId');
  });

  it('deletes visits once the retention term has passed (P4.1)', async () => {
    await visit({ at: new Date(Date.now() - 40 * 86_400_000).toISOString(), cookieId: 'old' });
    const recent = await visit({ cookieId: 'recent' });
    const before = await countRows(t, 'visits');
    await t.app.get(VisitsService).purgeExpired();
    expect(await countRows(t, 'visits')).toBe(before - 1);
    expect(await t.db.query('SELECT id FROM visits WHERE id = ?', [recent.body.id])).toHaveLength(
      1,
    );
  });
});
