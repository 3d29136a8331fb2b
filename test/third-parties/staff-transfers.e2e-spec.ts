import { Role } from '../../src/staff/roles';
import { signedInSubject } from '../consents/helpers';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor } from '../support/audit';
import { type Billing, countRows, setUpBilling } from '../support/subjects';
import { createParty, partyBody } from './helpers';

describe('Staff transfers under the access rule (P9, P10, P13)', () => {
  let t: TestApp;
  let billing: Billing;
  let verifier: { id: string };

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    verifier = await createParty(t, billing.officerToken, partyBody(t));
  });
  afterAll(() => t.close());

  const body = (subjectId: string, thirdPartyId = verifier.id) => ({
    subjectId,
    thirdPartyId,
    categories: ['IDENTITY', 'ID_DOCUMENT'],
    purpose: 'IDENTIFICATION',
    legalBasis: 'CONTRACT',
  });

  const send = (staff: StaffActor, payload: Record<string, unknown>, requestId: string) =>
    t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(staff.token))
      .set('x-request-id', requestId)
      .set(purpose('IDENTIFICATION', 'TICKET-42'))
      .send(payload);

  it('records a transfer by an operator whose order covers EXPORT of every category (P10, P13)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      {
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        operations: ['EXPORT'],
        purposes: ['IDENTIFICATION'],
      },
      billing.officerToken,
    );
    const subject = await signedInSubject(t, billing);
    const requestId = requestIdFor('staff');
    const recorded = await send(operator, body(subject.id), requestId);
    expect(recorded.status).toBe(201);
    expect(recorded.body.recordedBy).toEqual({ kind: 'staff', id: operator.id });
    expect(await entriesOf(t, requestId)).toEqual([
      expect.objectContaining({
        action: 'PD_TRANSFER',
        outcome: 'ALLOWED',
        actorId: operator.id,
        subjectId: subject.id,
        targetId: verifier.id,
        operation: 'EXPORT',
        reason: 'TICKET-42',
      }),
    ]);
  });

  it('refuses staff without an order covering EXPORT of every category, recording only the DENIED entry (P10)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['IDENTITY'], operations: ['READ', 'EXPORT'], purposes: ['IDENTIFICATION'] },
      billing.officerToken,
    );
    const subject = await signedInSubject(t, billing);
    const before = await countRows(t, 'transfers');
    const requestId = requestIdFor('noorder');
    const refused = await send(operator, body(subject.id), requestId);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCESS_ORDER_REQUIRED');
    expect(await countRows(t, 'transfers')).toBe(before);
    expect(await entriesOf(t, requestId)).toEqual([
      expect.objectContaining({
        action: 'PD_TRANSFER',
        outcome: 'DENIED',
        code: 'ACCESS_ORDER_REQUIRED',
      }),
    ]);
  });

  it('applies the transfer rules to staff too: a suspended party is refused under a valid order (P8)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      {
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        operations: ['EXPORT'],
        purposes: ['IDENTIFICATION'],
      },
      billing.officerToken,
    );
    const suspended = await createParty(
      t,
      billing.officerToken,
      partyBody(t, { status: 'SUSPENDED' }),
    );
    const subject = await signedInSubject(t, billing);
    const before = await countRows(t, 'transfers');
    const requestId = requestIdFor('susp');
    const refused = await send(operator, body(subject.id, suspended.id), requestId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('THIRD_PARTY_SUSPENDED');
    expect(await countRows(t, 'transfers')).toBe(before);
    expect(await entriesOf(t, requestId)).toEqual([
      expect.objectContaining({ outcome: 'DENIED', code: 'THIRD_PARTY_SUSPENDED' }),
    ]);
    const mismatched = await t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(operator.token))
      .set(purpose('CONTRACT'))
      .send(body(subject.id));
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.details[0].field).toBe('purpose');
  });
});
