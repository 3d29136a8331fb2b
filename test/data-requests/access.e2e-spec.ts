import { Role } from '../../src/staff/roles';
import { grantAccess, purpose } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, setUpBilling } from '../support/subjects';
import { signedInSubject } from '../consents/helpers';
import { fileAndComplete, handlingOfficer, mine, officer } from './helpers';

describe('Handling a data request is a staff PD touch under the access rule (P10, P15.6)', () => {
  let t: TestApp;
  let billing: Billing;
  let handler: StaffActor;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    handler = await handlingOfficer(t);
  });
  afterAll(() => t.close());

  it('refuses to complete a request for an officer without an access order, audits it, and leaves the request in review (P10)', async () => {
    const subject = await signedInSubject(t, billing);
    const refused = await fileAndComplete(t, subject.token, billing.officerToken, {
      type: 'BLOCKING',
      details: 'Данные переданы без согласия',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCESS_ORDER_REQUIRED');
    const [request] = (await mine(t, subject.token).list()).body.items;
    expect(request.status).toBe('IN_REVIEW');
    const denied = await t.db.query(
      "SELECT outcome, code, purpose FROM audit_entries WHERE subjectId = ? AND action = 'DATA_REQUEST_COMPLETE'",
      [subject.id],
    );
    expect(denied).toEqual([
      { outcome: 'DENIED', code: 'ACCESS_ORDER_REQUIRED', purpose: 'LEGAL_OBLIGATION' },
    ]);
    const [row] = await t.db.query('SELECT blockedAt FROM subjects WHERE id = ?', [subject.id]);
    expect(row.blockedAt).toBeNull();
  });

  it('shows the proposed values of a rectification only to an officer under an order (P10, P15.5)', async () => {
    const subject = await signedInSubject(t, billing);
    const filed = await mine(t, subject.token).file({
      type: 'RECTIFICATION',
      proposed: { surname: 'Жумабаева' },
    });
    const unordered = await officer(t, billing.officerToken).read(filed.body.id);
    expect(unordered.status).toBe(403);
    expect(JSON.stringify(unordered.body)).not.toContain('Жумабаева');
    const ordered = await officer(t, handler.token).read(filed.body.id);
    expect(ordered.status).toBe(200);
    expect(ordered.body.proposed).toEqual({ surname: 'Жумабаева' });
  });

  it('refuses staff reads of a blocked subject, while the officer handling the unblocking request may act (P15.6)', async () => {
    const subject = await signedInSubject(t, billing);
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(
      t,
      operator,
      { categories: ['IDENTITY'], operations: ['READ'], purposes: ['CONTRACT'] },
      handler.token,
    );
    const read = () =>
      t
        .http()
        .get(`/api/v1/subjects/${subject.id}`)
        .set(bearer(operator.token))
        .set(purpose('CONTRACT'));
    expect((await read()).status).toBe(200);
    await fileAndComplete(t, subject.token, handler.token, {
      type: 'BLOCKING',
      details: 'Нарушены условия обработки',
    });
    const blocked = await read();
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('SUBJECT_BLOCKED');
    const unblocked = await fileAndComplete(t, subject.token, handler.token, {
      type: 'UNBLOCKING',
    });
    expect(unblocked.status).toBe(200);
    expect((await read()).status).toBe(200);
  });
});
