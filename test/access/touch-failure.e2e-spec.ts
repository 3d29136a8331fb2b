import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf, requestIdFor, verifyTrail } from '../support/audit';
import {
  type Billing,
  type RegisteredSubject,
  registerSubject,
  setUpBilling,
} from '../support/subjects';

const TERMS = {
  categories: ['IDENTITY', 'CONTACT'],
  operations: ['READ', 'UPDATE'],
  purposes: ['CONTRACT'],
};

/**
 * PdAccess.touch() runs the work and its ALLOWED entry in one transaction: a touch whose
 * entry cannot be written neither answers PD nor keeps its change.
 */
describe('No touch without its record (P10, P11.4)', () => {
  let t: TestApp;
  let billing: Billing;
  let operator: StaffActor;
  let subject: RegisteredSubject;
  let officer: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, operator, TERMS, officer.token);
    subject = await registerSubject(t, billing);
  });
  afterAll(() => t.close());

  async function withoutAuditTable(work: () => Promise<void>): Promise<void> {
    await t.db.query('ALTER TABLE audit_entries RENAME TO audit_entries_offline');
    try {
      await work();
    } finally {
      await t.db.query('ALTER TABLE audit_entries_offline RENAME TO audit_entries');
    }
  }

  const read = (requestId = requestIdFor('read')) =>
    t
      .http()
      .get(`/api/v1/subjects/${subject.id}`)
      .set(bearer(operator.token))
      .set(purpose('CONTRACT'))
      .set('x-request-id', requestId);

  /** Reads sent at once: their entries share group commits (one INSERT for many). */
  const raced = (count: number) => {
    const ids = Array.from({ length: count }, () => requestIdFor('raced'));
    return Promise.all(ids.map(async (id) => ({ id, response: await read(id) })));
  };

  it('answers no PD when the read cannot be recorded (P10, P11.4)', async () => {
    await withoutAuditTable(async () => {
      const response = await read();
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: 'Internal error',
      });
      expect(response.text).not.toContain(subject.body.givenName as string);
      expect(response.text).not.toContain(subject.email);
    });
    const after = await read();
    expect(after.status).toBe(200);
    expect(after.body.pd.givenName).toBe(subject.body.givenName);
  });

  it('keeps no change whose entry cannot be written (P6, P11.4, P18)', async () => {
    await withoutAuditTable(async () => {
      const response = await t
        .http()
        .patch(`/api/v1/subjects/${subject.id}`)
        .set(bearer(operator.token))
        .set(purpose('CONTRACT'))
        .send({ givenName: 'Неприсвоенное' });
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('INTERNAL_ERROR');
    });
    const after = await read();
    expect(after.body.pd.givenName).toBe(subject.body.givenName);
    const [{ n }] = await t.db.query(
      'SELECT COUNT(*) AS n FROM subject_changes WHERE subjectId = ?',
      [subject.id],
    );
    expect(Number(n)).toBe(0);
  });

  it('answers no PD to any of raced reads whose group commit cannot be written (P10, P11.4)', async () => {
    await withoutAuditTable(async () => {
      const answers = await raced(12);
      expect(answers.map(({ response }) => response.status)).toEqual(answers.map(() => 500));
      for (const { response } of answers) {
        expect(response.text).not.toContain(subject.body.givenName as string);
        expect(response.text).not.toContain(subject.email);
      }
    });
  });

  it('gives each of raced reads its own entry before its answer, on chains that verify (P10, P11.4)', async () => {
    const answers = await raced(24);
    expect(answers.map(({ response }) => response.status)).toEqual(answers.map(() => 200));
    for (const { id } of answers) {
      const entries = await entriesOf(t, id);
      expect(entries.map((entry) => [entry.action, entry.outcome, entry.subjectId])).toEqual([
        ['SUBJECT_READ', 'ALLOWED', subject.id],
      ]);
    }
    expect((await verifyTrail(t, officer.token)).ok).toBe(true);
  });
});
