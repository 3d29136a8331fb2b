import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { cabinet, signedInSubject, type SignedIn } from '../consents/helpers';
import {
  bearer,
  type ClientActor,
  clientToken,
  createClient,
  createStaff,
} from '../support/actors';
import { EXPORT_ALL, grantClient } from '../support/access';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { type Billing, countRows, setUpBilling } from '../support/subjects';
import {
  createParty,
  dayFrom,
  decideCountry,
  foreignBody,
  msToNextLegalDay,
  partyBody,
} from './helpers';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('Checked transfers to third parties (P8, P13, P14, P15.1)', () => {
  let t: TestApp;
  let billing: Billing;
  let writerClient: ClientActor;
  let askerClient: ClientActor;
  let writer: string;
  let asker: string;
  let verifier: { id: string };

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    writerClient = await createClient(t, [Scope.TRANSFERS_WRITE]);
    await grantClient(t, billing.officerToken, writerClient.id, EXPORT_ALL);
    askerClient = await createClient(t, [Scope.TRANSFERS_READ]);
    writer = writerClient.token;
    asker = askerClient.token;
    verifier = await createParty(t, billing.officerToken, partyBody(t));
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const transferBody = (subjectId: string, thirdPartyId: string, overrides = {}) => ({
    subjectId,
    thirdPartyId,
    categories: ['IDENTITY'],
    purpose: 'IDENTIFICATION',
    legalBasis: 'CONSENT',
    lawReference: null,
    ...overrides,
  });

  const send = (body: Record<string, unknown>, requestId = requestIdFor('trf')) =>
    t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(writer))
      .set('x-request-id', requestId)
      .send(body);

  const ask = (body: Record<string, unknown>, token = asker) =>
    t
      .http()
      .get('/api/v1/transfers/check')
      .set(bearer(token))
      .query({
        subjectId: body.subjectId,
        thirdPartyId: body.thirdPartyId,
        categories: (body.categories as string[]).join(','),
        purpose: body.purpose,
        legalBasis: body.legalBasis,
      });

  /** Sends it, expects the refusal with its code, no transfer row and one DENIED entry. */
  async function expectRefused(body: Record<string, unknown>, code: string, status = 409) {
    const before = await countRows(t, 'transfers');
    const requestId = requestIdFor('deny');
    const refused = await send(body, requestId);
    expect(refused.status).toBe(status);
    expect(refused.body.code).toBe(code);
    expect(await countRows(t, 'transfers')).toBe(before);
    const entries = await entriesOf(t, requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'PD_TRANSFER',
      outcome: 'DENIED',
      code,
      subjectId: body.subjectId,
      targetId: body.thirdPartyId,
      operation: 'EXPORT',
    });
    const checked = await ask(body);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ allowed: false, code, reason: expect.any(String) });
    return refused;
  }

  async function expectRecorded(body: Record<string, unknown>) {
    const before = await countRows(t, 'transfers');
    const checked = await ask(body);
    expect(checked.body).toMatchObject({ allowed: true });
    const requestId = requestIdFor('ok');
    const recorded = await send(body, requestId);
    expect(recorded.status).toBe(201);
    expect(await countRows(t, 'transfers')).toBe(before + 1);
    const entries = await entriesOf(t, requestId);
    expect(entries.map((entry) => [entry.action, entry.outcome])).toEqual([
      ['PD_TRANSFER', 'ALLOWED'],
    ]);
    return recorded;
  }

  const block = (subjectId: string) =>
    t.db.query('UPDATE subjects SET blockedAt = ? WHERE id = ?', [
      new Date().toISOString().replace('T', ' ').slice(0, 23),
      subjectId,
    ]);

  it("records a client's transfer only for what a compliance officer granted it for EXPORT (P10, P13)", async () => {
    const client = await createClient(t, [Scope.TRANSFERS_WRITE]);
    const subject = await signedInSubject(t, billing);
    const post = (categories: string[], requestId: string) =>
      t
        .http()
        .post('/api/v1/transfers')
        .set(bearer(client.token))
        .set('x-request-id', requestId)
        .send(transferBody(subject.id, verifier.id, { categories }));
    const before = await countRows(t, 'transfers');
    const ungranted = requestIdFor('nogrant');
    const refused = await post(['IDENTITY'], ungranted);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCESS_ORDER_REQUIRED');
    expect(refused.body.message).toContain('client grant');
    expect(await entriesOf(t, ungranted)).toEqual([
      expect.objectContaining({
        action: 'PD_TRANSFER',
        outcome: 'DENIED',
        code: 'ACCESS_ORDER_REQUIRED',
      }),
    ]);
    await grantClient(t, billing.officerToken, client.id, {
      categories: ['IDENTITY'],
      operations: ['EXPORT'],
      purposes: ['IDENTIFICATION'],
    });
    const wider = await post(['IDENTITY', 'ID_DOCUMENT'], requestIdFor('wider'));
    expect(wider.status).toBe(403);
    expect(wider.body.details).toEqual({ categories: { ID_DOCUMENT: 'NO_ORDER' } });
    expect(await countRows(t, 'transfers')).toBe(before);
    const granted = requestIdFor('granted');
    expect((await post(['IDENTITY'], granted)).status).toBe(201);
    expect(await entriesOf(t, granted)).toEqual([
      expect.objectContaining({ action: 'PD_TRANSFER', outcome: 'ALLOWED' }),
    ]);
    expect(await countRows(t, 'transfers')).toBe(before + 1);
  });

  it.each(['CONSENT', 'CONTRACT', 'LAW'])(
    'records a domestic transfer on basis %s with its audit entry (P13)',
    async (legalBasis) => {
      const subject = await signedInSubject(t, billing);
      const body = transferBody(subject.id, verifier.id, {
        legalBasis,
        lawReference: legalBasis === 'LAW' ? 'Закон РК «О персональных данных», ст. 9' : null,
      });
      const recorded = await expectRecorded(body);
      expect(recorded.body).toMatchObject({
        subjectId: subject.id,
        thirdParty: { id: verifier.id, name: 'ТОО «Проверка»', country: 'KZ' },
        categories: ['IDENTITY'],
        purpose: 'IDENTIFICATION',
        legalBasis,
        verification: null,
        recordedBy: { kind: 'client' },
      });
    },
  );

  it('requires lawReference with basis LAW and refuses it with any other basis (P13)', async () => {
    const subject = await signedInSubject(t, billing);
    const before = await countRows(t, 'transfers');
    const missing = await send(transferBody(subject.id, verifier.id, { legalBasis: 'LAW' }));
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].field).toBe('lawReference');
    const stray = await send(transferBody(subject.id, verifier.id, { lawReference: 'ст. 9' }));
    expect(stray.status).toBe(400);
    expect(await countRows(t, 'transfers')).toBe(before);
  });

  it('refuses a suspended third party (P8)', async () => {
    const subject = await signedInSubject(t, billing);
    const party = await createParty(t, billing.officerToken, partyBody(t, { status: 'SUSPENDED' }));
    await expectRefused(transferBody(subject.id, party.id), 'THIRD_PARTY_SUSPENDED');
  });

  it('refuses a party whose agreement has no confidentiality clause (P8)', async () => {
    const subject = await signedInSubject(t, billing);
    const body = partyBody(t);
    const party = await createParty(t, billing.officerToken, {
      ...body,
      agreement: { ...body.agreement, confidentiality: false },
    });
    const refused = await expectRefused(
      transferBody(subject.id, party.id),
      'NO_CONFIDENTIALITY_AGREEMENT',
    );
    expect(refused.body.message).toContain('confidentiality clause');
  });

  it('refuses from the day after validUntil, in Asia/Almaty, and not a minute before (P8)', async () => {
    const subject = await signedInSubject(t, billing);
    const body = partyBody(t);
    const party = await createParty(t, billing.officerToken, {
      ...body,
      agreement: { ...body.agreement, validUntil: dayFrom(t, 0) },
    });
    const transfer = transferBody(subject.id, party.id);
    t.clock.advance(msToNextLegalDay(t) - 60_000);
    // Sessions expire on the server's clock: the clients sign in again after the move.
    writer = await clientToken(t, writerClient.id, writerClient.secret);
    asker = await clientToken(t, askerClient.id, askerClient.secret);
    await expectRecorded(transfer);
    t.clock.advance(60_000);
    const refused = await expectRefused(transfer, 'NO_CONFIDENTIALITY_AGREEMENT');
    expect(refused.body.message).toContain('expired');
  });

  it('refuses an agreement that is not in force yet (P8)', async () => {
    const subject = await signedInSubject(t, billing);
    const body = partyBody(t);
    const party = await createParty(t, billing.officerToken, {
      ...body,
      agreement: { ...body.agreement, signedOn: dayFrom(t, 2) },
    });
    await expectRefused(transferBody(subject.id, party.id), 'NO_CONFIDENTIALITY_AGREEMENT');
  });

  it('refuses a category the agreement does not cover (P8, P13)', async () => {
    const subject = await signedInSubject(t, billing);
    const refused = await expectRefused(
      transferBody(subject.id, verifier.id, { categories: ['IDENTITY', 'BANKING'] }),
      'CATEGORY_NOT_AGREED',
    );
    expect(refused.body.message).toContain('BANKING');
  });

  it('refuses a blocked subject whatever the basis (P15.6)', async () => {
    const subject = await signedInSubject(t, billing);
    await block(subject.id);
    for (const legalBasis of ['CONSENT', 'CONTRACT']) {
      await expectRefused(
        transferBody(subject.id, verifier.id, { legalBasis }),
        'SUBJECT_BLOCKED',
        403,
      );
    }
  });

  it('refuses basis CONSENT once PD_PROCESSING is withdrawn, and allows CONTRACT (P9, P13)', async () => {
    const subject = await signedInSubject(t, billing);
    const withdrawn = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
    expect(withdrawn.status).toBe(200);
    await expectRefused(transferBody(subject.id, verifier.id), 'CONSENT_REQUIRED');
    await expectRecorded(transferBody(subject.id, verifier.id, { legalBasis: 'CONTRACT' }));
  });

  it('refuses an unknown subject or third party as NOT_FOUND, recording nothing but the attempt', async () => {
    const subject = await signedInSubject(t, billing);
    for (const body of [transferBody(UNKNOWN, verifier.id), transferBody(subject.id, UNKNOWN)]) {
      const before = await countRows(t, 'transfers');
      const requestId = requestIdFor('nf');
      const refused = await send(body, requestId);
      expect(refused.status).toBe(404);
      expect(await countRows(t, 'transfers')).toBe(before);
      expect((await entriesOf(t, requestId))[0]).toMatchObject({
        outcome: 'DENIED',
        code: 'NOT_FOUND',
      });
      expect((await ask(body)).status).toBe(404);
    }
  });

  describe('abroad (P14)', () => {
    let subject: SignedIn;

    beforeAll(async () => {
      subject = await signedInSubject(t, billing);
    });

    it('refuses a state no officer has decided protects PD, even with cross-border consent', async () => {
      await cabinet(t, subject.token).give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
      const party = await createParty(t, billing.officerToken, foreignBody(t, 'US'));
      await expectRefused(
        transferBody(subject.id, party.id, { categories: ['BANKING'], purpose: 'SETTLEMENTS' }),
        'COUNTRY_NOT_PROTECTING',
      );
      await cabinet(t, subject.token).withdraw('CROSS_BORDER_TRANSFER');
    });

    it('refuses a protecting state without the cross-border consent, allows it with both', async () => {
      await decideCountry(t, billing.officerToken, 'DE', true);
      const party = await createParty(t, billing.officerToken, foreignBody(t, 'DE'));
      const body = transferBody(subject.id, party.id, {
        categories: ['BANKING'],
        purpose: 'SETTLEMENTS',
        legalBasis: 'CONTRACT',
      });
      await expectRefused(body, 'CROSS_BORDER_CONSENT_REQUIRED');
      const given = await cabinet(t, subject.token).give(
        'CROSS_BORDER_TRANSFER',
        billing.policyVersionId,
      );
      expect(given.status).toBe(201);
      await expectRecorded(body);
      await decideCountry(t, billing.officerToken, 'DE', false);
      await expectRefused(body, 'COUNTRY_NOT_PROTECTING');
    });

    it('allows basis LAW abroad without the consent or a protecting state', async () => {
      const other = await signedInSubject(t, billing);
      const party = await createParty(t, billing.officerToken, foreignBody(t, 'CN'));
      await expectRecorded(
        transferBody(other.id, party.id, {
          categories: ['IDENTITY'],
          purpose: 'LEGAL_OBLIGATION',
          legalBasis: 'LAW',
          lawReference: 'Международный договор РК, ст. 4',
        }),
      );
    });
  });

  it('shows the subject every transfer of their PD, newest first, and staff per subject and per party (P15.1)', async () => {
    const subject = await signedInSubject(t, billing);
    const other = await createParty(
      t,
      billing.officerToken,
      partyBody(t, { name: 'АО «Платежи»', role: 'PAYMENT_PROVIDER', categories: ['BANKING'] }),
    );
    await expectRecorded(transferBody(subject.id, verifier.id));
    await expectRecorded(
      transferBody(subject.id, other.id, {
        categories: ['BANKING'],
        purpose: 'SETTLEMENTS',
        legalBasis: 'CONTRACT',
      }),
    );
    const mine = await t.http().get('/api/v1/me/transfers').set(bearer(subject.token));
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      {
        thirdParty: 'АО «Платежи»',
        country: 'KZ',
        categories: ['BANKING'],
        purpose: 'SETTLEMENTS',
        legalBasis: 'CONTRACT',
        lawReference: null,
        at: expect.any(String),
      },
      expect.objectContaining({ thirdParty: 'ТОО «Проверка»', categories: ['IDENTITY'] }),
    ]);
    const stranger = await signedInSubject(t, billing);
    expect(
      (await t.http().get('/api/v1/me/transfers').set(bearer(stranger.token))).body.items,
    ).toEqual([]);

    const report = await t.http().get('/api/v1/me/report').set(bearer(subject.token));
    expect(report.status).toBe(200);
    expect(report.body.transfers).toEqual([
      expect.objectContaining({ thirdParty: 'ТОО «Проверка»', categories: ['IDENTITY'] }),
      expect.objectContaining({ thirdParty: 'АО «Платежи»', legalBasis: 'CONTRACT' }),
    ]);

    const auditor = await createStaff(t, [Role.AUDITOR]);
    const bySubject = await t
      .http()
      .get('/api/v1/transfers')
      .query({ subjectId: subject.id })
      .set(bearer(auditor.token));
    expect(bySubject.status).toBe(200);
    expect(bySubject.body.items).toHaveLength(2);
    const byParty = await t
      .http()
      .get('/api/v1/transfers')
      .query({ thirdPartyId: other.id })
      .set(bearer(billing.officerToken));
    expect(byParty.body.items.map((row: { subjectId: string }) => row.subjectId)).toEqual([
      subject.id,
    ]);
    const neither = await t.http().get('/api/v1/transfers').set(bearer(auditor.token));
    expect(neither.status).toBe(400);
    const operator = await createStaff(t, [Role.OPERATOR]);
    expect(
      (
        await t
          .http()
          .get('/api/v1/transfers')
          .query({ subjectId: subject.id })
          .set(bearer(operator.token))
      ).status,
    ).toBe(403);
  });

  it('admits transfers:write to record and to ask, transfers:read only to ask, and no one else', async () => {
    const subject = await signedInSubject(t, billing);
    const body = transferBody(subject.id, verifier.id);
    expect((await ask(body)).body.allowed).toBe(true);
    expect((await ask(body, writer)).body.allowed).toBe(true);
    const refused = await t.http().post('/api/v1/transfers').set(bearer(asker)).send(body);
    expect(refused.status).toBe(403);
    const consentsOnly = (await createClient(t, [Scope.CONSENTS_READ])).token;
    expect((await ask(body, consentsOnly)).status).toBe(403);
    expect((await ask(body, subject.token)).status).toBe(401);
    const missing = await t
      .http()
      .get('/api/v1/transfers/check')
      .set(bearer(asker))
      .query({ subjectId: subject.id, thirdPartyId: verifier.id, purpose: 'CONTRACT' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((f: { field: string }) => f.field)).toEqual([
      'categories',
      'legalBasis',
    ]);
  });
});
