import { fromDbTime } from '../../src/database/db-time';
import { startApp, type TestApp } from '../support/app';
import { type Billing, setUpBilling } from '../support/subjects';
import { cabinet, consentRows, reportContract, signedInSubject } from './helpers';

const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

describe('Withdrawing consent only once the contract obligations are fulfilled (P7, P15.8, P17)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp({ env: { PD_RETENTION_DAYS: String(RETENTION_DAYS) } });
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  const depersonalizeAfter = async (subjectId: string): Promise<Date | null> => {
    const [row] = await t.db.query('SELECT depersonalizeAfter FROM subjects WHERE id = ?', [
      subjectId,
    ]);
    return row.depersonalizeAfter === null ? null : fromDbTime(row.depersonalizeAfter);
  };

  it('refuses withdrawal of PD_PROCESSING while the contract is ACTIVE, saying what must happen first, and appends nothing (P7, P15.8)', async () => {
    const subject = await signedInSubject(t, billing);
    await reportContract(t, billing, subject.id, 'ACTIVE');
    const before = await consentRows(t, subject.id);
    const refused = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      code: 'CONTRACT_OBLIGATIONS_OUTSTANDING',
      message: expect.stringContaining('obligations'),
      details: {
        contractState: 'ACTIVE',
        requiredContractState: ['OBLIGATIONS_FULFILLED', 'TERMINATED'],
      },
    });
    expect(await consentRows(t, subject.id)).toEqual(before);
    expect(await depersonalizeAfter(subject.id)).toBeNull();
  });

  it.each(['OBLIGATIONS_FULFILLED', 'TERMINATED'])(
    'allows withdrawal of PD_PROCESSING once the contract is %s and marks the subject for depersonalization after the retention term (P7, P15.8, P17)',
    async (state) => {
      const subject = await signedInSubject(t, billing);
      await reportContract(t, billing, subject.id, 'ACTIVE');
      await reportContract(t, billing, subject.id, state);
      const withdrawn = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
      expect(withdrawn.status).toBe(200);
      const at = Date.parse(withdrawn.body.withdrawn[0].at);
      expect(withdrawn.body.depersonalizeAfter).toBe(
        new Date(at + RETENTION_DAYS * DAY_MS).toISOString(),
      );
      expect((await depersonalizeAfter(subject.id))?.toISOString()).toBe(
        withdrawn.body.depersonalizeAfter,
      );
      const rows = await consentRows(t, subject.id);
      expect(rows.map((row) => `${String(row.purpose)}:${String(row.action)}`)).toEqual([
        'PD_PROCESSING:GRANTED',
        'PD_PROCESSING:WITHDRAWN',
      ]);
      expect(rows[1]).toMatchObject({ channel: 'CABINET', recordedByKind: 'subject' });
    },
  );

  it('lets a subject with no contract reported withdraw PD_PROCESSING (P7)', async () => {
    const subject = await signedInSubject(t, billing);
    const withdrawn = await cabinet(t, subject.token).withdraw('PD_PROCESSING');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.depersonalizeAfter).toEqual(expect.any(String));
  });

  it('withdraws the consents that rest on PD_PROCESSING together with it (P14, P15.9)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    await me.give('PUBLIC_DISTRIBUTION', billing.policyVersionId);
    const withdrawn = await me.withdraw('PD_PROCESSING');
    expect(withdrawn.body.withdrawn.map((r: { purpose: string }) => r.purpose)).toEqual([
      'PD_PROCESSING',
      'CROSS_BORDER_TRANSFER',
      'PUBLIC_DISTRIBUTION',
    ]);
    const state = (await me.list()).body.state.map((s: { status: string }) => s.status);
    expect(state).toEqual(['WITHDRAWN', 'WITHDRAWN', 'WITHDRAWN']);
  });

  it('does not tie withdrawing the separate consents to the contract (P14, P15.9)', async () => {
    const subject = await signedInSubject(t, billing);
    await reportContract(t, billing, subject.id, 'ACTIVE');
    const me = cabinet(t, subject.token);
    await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    const withdrawn = await me.withdraw('CROSS_BORDER_TRANSFER');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.depersonalizeAfter).toBeNull();
    expect(await depersonalizeAfter(subject.id)).toBeNull();
  });

  it('answers 404 NOT_FOUND, naming the state, when the consent to withdraw is not in force', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const never = await me.withdraw('PUBLIC_DISTRIBUTION');
    expect(never.status).toBe(404);
    expect(never.body).toMatchObject({
      code: 'NOT_FOUND',
      details: { purpose: 'PUBLIC_DISTRIBUTION', status: 'NOT_GIVEN' },
    });
    await me.withdraw('PD_PROCESSING');
    const twice = await me.withdraw('PD_PROCESSING');
    expect(twice.status).toBe(404);
    expect(twice.body.details).toEqual({ purpose: 'PD_PROCESSING', status: 'WITHDRAWN' });
    expect(await consentRows(t, subject.id)).toHaveLength(2);
  });

  it('lifts the depersonalization mark when the subject gives PD_PROCESSING again under the version in force (P17)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    await me.withdraw('PD_PROCESSING');
    expect(await depersonalizeAfter(subject.id)).not.toBeNull();
    const again = await me.give('PD_PROCESSING', billing.policyVersionId);
    expect(again.status).toBe(201);
    expect(await depersonalizeAfter(subject.id)).toBeNull();
    expect((await me.list()).body.state[0].status).toBe('GIVEN');
  });
});
