import { Role } from '../../src/staff/roles';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { countRows } from '../support/subjects';
import { createParty, foreignBody, partyBody, uniqueBin } from './helpers';

describe('The third-party registry and the list of protecting states (P8, P13, P14)', () => {
  let t: TestApp;
  let officer: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, token = officer.token) =>
    t.http().post('/api/v1/third-parties').set(bearer(token)).send(body);
  const fieldsOf = (body: { details?: Array<{ field: string }> }) =>
    (body.details ?? []).map((failure) => failure.field);

  it('registers a Kazakh party by BIN with its confidentiality agreement and categories, audited (P8)', async () => {
    const requestId = requestIdFor('tp');
    const body = partyBody(t);
    const created = await post(body).set('x-request-id', requestId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: body.name,
      bin: body.bin,
      registrationNumber: null,
      country: 'KZ',
      role: 'VERIFIER',
      agreement: body.agreement,
      categories: ['IDENTITY', 'ID_DOCUMENT'],
      status: 'ACTIVE',
      version: 1,
    });
    const fetched = await t
      .http()
      .get(`/api/v1/third-parties/${created.body.id}`)
      .set(bearer(officer.token));
    expect(fetched.body).toEqual(created.body);
    const [entry] = await entriesOf(t, requestId);
    expect(entry).toMatchObject({
      action: 'THIRD_PARTY_CREATE',
      outcome: 'ALLOWED',
      targetId: created.body.id,
      actorId: officer.id,
    });
  });

  it('validates the BIN check digit and requires a BIN in KZ, a registration number abroad', async () => {
    const bin = uniqueBin();
    const wrongDigit = `${bin.slice(0, 11)}${(Number(bin[11]) + 1) % 10}`;
    const before = await countRows(t, 'third_parties');
    const badBin = await post(partyBody(t, { bin: wrongDigit }));
    expect(badBin.status).toBe(400);
    expect(badBin.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(badBin.body)).toEqual(['bin']);
    expect(JSON.stringify(badBin.body)).not.toContain(wrongDigit);
    const noBin = await post(partyBody(t, { bin: null }));
    expect(fieldsOf(noBin.body)).toEqual(['bin']);
    const both = await post(partyBody(t, { registrationNumber: 'HRB-1' }));
    expect(fieldsOf(both.body)).toEqual(['registrationNumber']);
    const abroadWithoutNumber = await post(foreignBody(t, 'DE', { registrationNumber: null }));
    expect(fieldsOf(abroadWithoutNumber.body)).toEqual(['registrationNumber']);
    const abroadWithBin = await post(foreignBody(t, 'DE', { bin: uniqueBin() }));
    expect(fieldsOf(abroadWithBin.body)).toEqual(['bin']);
    expect(await countRows(t, 'third_parties')).toBe(before);
    expect((await post(foreignBody(t, 'DE'))).status).toBe(201);
  });

  it('refuses an unknown country, role, category, an impossible or inverted agreement date, and unknown fields', async () => {
    for (const [overrides, field] of [
      [{ country: 'XX' }, 'country'],
      [{ country: 'kz' }, 'country'],
      [{ role: 'BROKER' }, 'role'],
      [{ categories: ['HEALTH'] }, 'categories'],
      [{ categories: [] }, 'categories'],
      [
        {
          agreement: {
            number: 'N',
            signedOn: '2026-02-30',
            validUntil: '2027-01-01',
            confidentiality: true,
          },
        },
        'agreement.signedOn',
      ],
      [
        {
          agreement: {
            number: 'N',
            signedOn: '2026-05-01',
            validUntil: '2026-04-30',
            confidentiality: true,
          },
        },
        'agreement.validUntil',
      ],
      [
        { agreement: { number: 'N', signedOn: '2026-05-01', validUntil: '2027-04-30' } },
        'agreement.confidentiality',
      ],
      [{ website: 'https://example.kz' }, 'website'],
    ] as const) {
      const refused = await post(partyBody(t, overrides));
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toContain(field);
    }
  });

  it('keeps the previous values, who and when on every change, and audits it (P8, P18)', async () => {
    const party = await createParty(t, officer.token, partyBody(t));
    const second = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    const requestId = requestIdFor('tpu');
    const patched = await t
      .http()
      .patch(`/api/v1/third-parties/${party.id}`)
      .set(bearer(second.token))
      .set('x-request-id', requestId)
      .send({ status: 'SUSPENDED', categories: ['IDENTITY'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      status: 'SUSPENDED',
      categories: ['IDENTITY'],
      version: 2,
    });
    const moved = await t
      .http()
      .patch(`/api/v1/third-parties/${party.id}`)
      .set(bearer(officer.token))
      .send({ country: 'DE', bin: null, registrationNumber: 'HRB-77' });
    expect(moved.body).toMatchObject({ country: 'DE', bin: null, registrationNumber: 'HRB-77' });
    const inconsistent = await t
      .http()
      .patch(`/api/v1/third-parties/${party.id}`)
      .set(bearer(officer.token))
      .send({ country: 'KZ' });
    expect(inconsistent.status).toBe(400);
    expect(fieldsOf(inconsistent.body)).toEqual(['bin', 'registrationNumber']);

    const history = await t
      .http()
      .get(`/api/v1/third-parties/${party.id}/history`)
      .set(bearer(officer.token));
    expect(history.status).toBe(200);
    expect(history.body.map((row: { version: number }) => row.version)).toEqual([1, 2, 3]);
    expect(history.body[0]).toMatchObject({
      previous: null,
      changedBy: { kind: 'staff', id: officer.id },
    });
    expect(history.body[1]).toMatchObject({
      fields: ['categories', 'status'],
      previous: {
        status: 'ACTIVE',
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        updatedBy: officer.id,
      },
      changedBy: { kind: 'staff', id: second.id },
    });
    expect(history.body[2].previous).toMatchObject({ country: 'KZ', status: 'SUSPENDED' });
    const [entry] = await entriesOf(t, requestId);
    expect(entry).toMatchObject({
      action: 'THIRD_PARTY_UPDATE',
      targetId: party.id,
      actorId: second.id,
    });
  });

  it('lists the registry by role and status, a page at a time', async () => {
    await createParty(t, officer.token, partyBody(t, { role: 'STATE_BODY' }));
    const page = await t
      .http()
      .get('/api/v1/third-parties')
      .query({ role: 'STATE_BODY', limit: 1 })
      .set(bearer(officer.token));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].role).toBe('STATE_BODY');
  });

  it('treats KZ as protecting and every other state as not until an officer decides, keeping history (P14)', async () => {
    const initial = await t.http().get('/api/v1/countries').set(bearer(officer.token));
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual([
      { code: 'KZ', protectsPd: true, reason: null, decidedOn: null, version: 0, updatedAt: null },
    ]);
    const requestId = requestIdFor('cty');
    const decided = await t
      .http()
      .put('/api/v1/countries/DE')
      .set(bearer(officer.token))
      .set('x-request-id', requestId)
      .send({ protectsPd: true, reason: 'GDPR adequacy', decidedOn: '2026-11-20' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ code: 'DE', protectsPd: true, version: 1 });
    const reversed = await t
      .http()
      .put('/api/v1/countries/DE')
      .set(bearer(officer.token))
      .send({ protectsPd: false, reason: 'Agreement suspended', decidedOn: '2026-11-24' });
    expect(reversed.body).toMatchObject({
      protectsPd: false,
      reason: 'Agreement suspended',
      version: 2,
    });
    const list = await t.http().get('/api/v1/countries').set(bearer(officer.token));
    expect(list.body.map((c: { code: string }) => c.code)).toEqual(['KZ', 'DE']);
    const history = await t.http().get('/api/v1/countries/DE/history').set(bearer(officer.token));
    expect(history.body).toHaveLength(2);
    expect(history.body[0].previous).toBeNull();
    expect(history.body[1].previous).toMatchObject({
      protectsPd: true,
      reason: 'GDPR adequacy',
      decidedOn: '2026-11-20',
    });
    const [entry] = await entriesOf(t, requestId);
    expect(entry).toMatchObject({ action: 'COUNTRY_DECISION', outcome: 'ALLOWED' });
  });

  it('refuses a decision on KZ, on an unknown code, or without a reason and date (P14)', async () => {
    const put = (code: string, body: Record<string, unknown>) =>
      t.http().put(`/api/v1/countries/${code}`).set(bearer(officer.token)).send(body);
    const valid = { protectsPd: true, reason: 'r', decidedOn: '2026-11-24' };
    expect((await put('KZ', valid)).body.details[0].field).toBe('code');
    expect((await put('ZZ', valid)).body.details[0].field).toBe('code');
    expect(fieldsOf((await put('FR', { protectsPd: true })).body)).toEqual(['reason', 'decidedOn']);
    expect((await put('FR', { ...valid, decidedOn: '2026-02-30' })).status).toBe(400);
  });

  it('admits only compliance officers to the registry and the country decisions', async () => {
    // ADMIN never holds OPERATOR (four eyes), so every other role is tried in two accounts.
    for (const roles of [
      [Role.OPERATOR, Role.AUDITOR],
      [Role.ADMIN, Role.AUDITOR],
    ]) {
      const other = await createStaff(t, roles);
      for (const request of [
        t.http().get('/api/v1/third-parties'),
        t.http().post('/api/v1/third-parties').send(partyBody(t)),
        t.http().get('/api/v1/countries'),
        t
          .http()
          .put('/api/v1/countries/DE')
          .send({ protectsPd: true, reason: 'r', decidedOn: '2026-11-24' }),
      ]) {
        const refused = await request.set(bearer(other.token));
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('FORBIDDEN_ROLE');
      }
    }
  });
});
