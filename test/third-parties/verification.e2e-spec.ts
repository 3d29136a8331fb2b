import { Scope } from '../../src/clients/scopes';
import { signedInSubject } from '../consents/helpers';
import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createClient, createStaff } from '../support/actors';
import { EXPORT_ALL, grantClient } from '../support/access';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { type Billing, countRows, setUpBilling } from '../support/subjects';
import { createParty, partyBody } from './helpers';

describe('Verification through a VERIFIER third party (P5)', () => {
  let t: TestApp;
  let billing: Billing;
  let writer: string;
  let reader: string;
  let verifier: { id: string };

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    const writerClient = await createClient(t, [Scope.TRANSFERS_WRITE]);
    await grantClient(t, billing.officerToken, writerClient.id, EXPORT_ALL);
    writer = writerClient.token;
    reader = (await createClient(t, [Scope.CONSENTS_READ])).token;
    verifier = await createParty(t, billing.officerToken, partyBody(t));
  });
  afterAll(() => t.close());

  const verify = (
    subjectId: string,
    result: string,
    overrides: Record<string, unknown> = {},
    requestId = requestIdFor('ver'),
  ) =>
    t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(writer))
      .set('x-request-id', requestId)
      .send({
        subjectId,
        thirdPartyId: verifier.id,
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        verification: { result, fieldsChecked: ['surname', 'iin'] },
        ...overrides,
      });

  const consentCheck = (subjectId: string) =>
    t
      .http()
      .get(`/api/v1/subjects/${subjectId}/consents/check`)
      .query({ purpose: 'PD_PROCESSING' })
      .set(bearer(reader));

  it('records a failed verification as a transfer with its result and flags the subject for the Billing (P5)', async () => {
    const subject = await signedInSubject(t, billing);
    expect((await consentCheck(subject.id)).body.verification).toBe('UNVERIFIED');
    const requestId = requestIdFor('fail');
    const failed = await verify(subject.id, 'FAILED', {}, requestId);
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({
      thirdParty: { id: verifier.id },
      verification: { result: 'FAILED', fieldsChecked: ['surname', 'iin'] },
    });
    expect((await consentCheck(subject.id)).body).toMatchObject({
      allowed: true,
      verification: 'FAILED',
    });
    const me = await t.http().get('/api/v1/me').set(bearer(subject.token));
    expect(me.body.verification).toEqual({ status: 'FAILED', at: expect.any(String) });
    const entries = await entriesOf(t, requestId);
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'PD_TRANSFER',
      'SUBJECT_VERIFICATION',
    ]);
    const flag = entries.find((entry) => entry.action === 'SUBJECT_VERIFICATION');
    expect(flag).toMatchObject({
      subjectId: subject.id,
      targetId: verifier.id,
      fields: ['iin', 'surname'],
      reason: 'FAILED',
    });
    const mine = await t.http().get('/api/v1/me/transfers').set(bearer(subject.token));
    expect(mine.body.items).toHaveLength(1);

    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['IDENTITY'], operations: ['READ'], purposes: ['IDENTIFICATION'] },
      billing.officerToken,
    );
    const record = await t
      .http()
      .get(`/api/v1/subjects/${subject.id}`)
      .set(bearer(operator.token))
      .set(purpose('IDENTIFICATION'));
    expect(record.status).toBe(200);
    expect(record.body.verificationStatus).toBe('FAILED');
  });

  it('clears the flag when a later verification succeeds (P5)', async () => {
    const subject = await signedInSubject(t, billing);
    await verify(subject.id, 'FAILED');
    expect((await verify(subject.id, 'VERIFIED')).status).toBe(201);
    expect((await consentCheck(subject.id)).body.verification).toBe('VERIFIED');
  });

  it('refuses a verification result from a party that is not a VERIFIER, flagging nothing (P5)', async () => {
    const subject = await signedInSubject(t, billing);
    const processor = await createParty(
      t,
      billing.officerToken,
      partyBody(t, { role: 'PROCESSOR' }),
    );
    const before = await countRows(t, 'transfers');
    const requestId = requestIdFor('nv');
    const refused = await verify(subject.id, 'FAILED', { thirdPartyId: processor.id }, requestId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_A_VERIFIER');
    expect(await countRows(t, 'transfers')).toBe(before);
    expect(await entriesOf(t, requestId)).toEqual([
      expect.objectContaining({ action: 'PD_TRANSFER', outcome: 'DENIED', code: 'NOT_A_VERIFIER' }),
    ]);
    expect((await consentCheck(subject.id)).body.verification).toBe('UNVERIFIED');
  });

  it('refuses a verification that names fields outside the transferred categories', async () => {
    const subject = await signedInSubject(t, billing);
    const refused = await verify(subject.id, 'VERIFIED', {
      verification: { result: 'VERIFIED', fieldsChecked: ['email'] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('verification.fieldsChecked');
    const unknownField = await verify(subject.id, 'VERIFIED', {
      verification: { result: 'MAYBE', fieldsChecked: ['favouriteColour'] },
    });
    expect(unknownField.status).toBe(400);
    expect((await consentCheck(subject.id)).body.verification).toBe('UNVERIFIED');
  });
});
