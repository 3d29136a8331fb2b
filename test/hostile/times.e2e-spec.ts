import { Role } from '../../src/staff/roles';
import { orderBody } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { driver, startApp, type TestApp } from '../support/app';
import { countRows, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';

/**
 * Times a validator reads as ISO 8601 but `Date` cannot: the fuzzer found
 * `at=2027-10\uFEFF-02` answered 500 on MariaDB (FUZZ_SEED=2004447826). Each is refused as
 * bad input, naming the field and never repeating the value.
 */
const UNREADABLE = [
  '2027-10\uFEFF-02',
  '2027-10-02\uFEFF',
  '2027-10-02T09:30:00\u200BZ',
  '2027-10-02 09:30:00Z',
  '0000-01-01',
  '2027-02-30',
  '2027-W40',
];

describe(`Times and dates that Date cannot read are bad input (${driver})`, () => {
  let t: TestApp;
  let officer: StaffActor;
  let auditor: StaffActor;
  let subjectToken: string;

  beforeAll(async () => {
    t = await startApp();
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    auditor = await createStaff(t, [Role.AUDITOR]);
    const billing = await setUpBilling(t);
    const subject = await registerSubject(t, billing);
    subjectToken = await subjectLogin(t, subject.email);
  });
  afterAll(() => t.close());

  const refusedNaming = (
    response: { status: number; body: { code: string; details: { field: string }[] } },
    field: string,
    value: string,
  ) => {
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(response.body.details.map((detail) => detail.field)).toEqual([field]);
    expect(JSON.stringify(response.body)).not.toContain(value);
  };

  it.each(UNREADABLE)(
    'refuses %j in a query: the cabinet consents at a moment (P11, P16)',
    async (value) => {
      const response = await t
        .http()
        .get('/api/v1/me/consents')
        .query({ at: value })
        .set(bearer(subjectToken));
      refusedNaming(response, 'at', value);
    },
  );

  it.each(UNREADABLE)('refuses %j in a query: the audit trail from (P11, P16)', async (value) => {
    const response = await t
      .http()
      .get('/api/v1/audit')
      .query({ from: value })
      .set(bearer(auditor.token));
    refusedNaming(response, 'from', value);
  });

  it.each(UNREADABLE)('refuses %j in a body and writes no order (P10, P11)', async (value) => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    const before = await countRows(t, 'access_orders');
    const body = {
      ...orderBody(
        operator.id,
        { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
        t.clock.now(),
      ),
      validFrom: value,
    };
    const response = await t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(officer.token))
      .send(body);
    refusedNaming(response, 'validFrom', value);
    expect(await countRows(t, 'access_orders')).toBe(before);
  });

  it('still accepts the times it always did', async () => {
    for (const at of ['2026-11-30', '2026-11-30T09:30:00Z', '2026-11-30T09:30:00.123+05:00']) {
      const response = await t
        .http()
        .get('/api/v1/me/consents')
        .query({ at })
        .set(bearer(subjectToken));
      expect({ at, status: response.status }).toEqual({ at, status: 200 });
    }
  });
});
