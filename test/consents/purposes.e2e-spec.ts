import { Vault } from '../../src/crypto/vault';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  publishPolicy,
  renewBilling,
  setUpBilling,
  subjectLogin,
} from '../support/subjects';
import { CABINET_UA, cabinet, consentRows, signedInSubject } from './helpers';

const stateOf = (body: { state: Array<{ purpose: string; status: string }> }) =>
  Object.fromEntries(body.state.map((entry) => [entry.purpose, entry.status]));

describe('Purpose-bound consents in the personal cabinet (P12, P14, P15.9, P20)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  it('shows PD_PROCESSING given at registration under the exact version, and the separate consents not given (P12, P14, P15.9)', async () => {
    const subject = await signedInSubject(t, billing);
    const response = await cabinet(t, subject.token).list();
    expect(response.status).toBe(200);
    expect(response.body.subjectId).toBe(subject.id);
    expect(response.body.state).toEqual([
      {
        purpose: 'PD_PROCESSING',
        status: 'GIVEN',
        given: true,
        since: expect.any(String),
        policyVersionId: billing.policyVersionId,
        consentId: expect.any(String),
      },
      {
        purpose: 'CROSS_BORDER_TRANSFER',
        status: 'NOT_GIVEN',
        given: false,
        since: null,
        policyVersionId: null,
        consentId: null,
      },
      {
        purpose: 'PUBLIC_DISTRIBUTION',
        status: 'NOT_GIVEN',
        given: false,
        since: null,
        policyVersionId: null,
        consentId: null,
      },
    ]);
    expect(response.body.history).toEqual([
      {
        id: response.body.state[0].consentId,
        purpose: 'PD_PROCESSING',
        action: 'GRANTED',
        policyVersionId: billing.policyVersionId,
        at: response.body.state[0].since,
        channel: 'WEB',
        recordedBy: 'client',
      },
    ]);
    expect(response.body.policyInForce).toEqual({
      id: billing.policyVersionId,
      label: expect.any(String),
      accepted: true,
    });
  });

  it('grants and withdraws cross-border transfer as a separate consent, appending each time (P14)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const granted = await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      purpose: 'CROSS_BORDER_TRANSFER',
      action: 'GRANTED',
      policyVersionId: billing.policyVersionId,
      channel: 'CABINET',
      recordedBy: 'subject',
    });
    expect(stateOf((await me.list()).body).CROSS_BORDER_TRANSFER).toBe('GIVEN');

    const withdrawn = await me.withdraw('CROSS_BORDER_TRANSFER');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({
      withdrawn: [
        expect.objectContaining({ purpose: 'CROSS_BORDER_TRANSFER', action: 'WITHDRAWN' }),
      ],
      depersonalizeAfter: null,
    });
    const after = (await me.list()).body;
    expect(stateOf(after)).toEqual({
      PD_PROCESSING: 'GIVEN',
      CROSS_BORDER_TRANSFER: 'WITHDRAWN',
      PUBLIC_DISTRIBUTION: 'NOT_GIVEN',
    });
    expect(
      after.history.map((r: { purpose: string; action: string }) => `${r.purpose}:${r.action}`),
    ).toEqual([
      'PD_PROCESSING:GRANTED',
      'CROSS_BORDER_TRANSFER:GRANTED',
      'CROSS_BORDER_TRANSFER:WITHDRAWN',
    ]);
    const rows = await consentRows(t, subject.id);
    expect(rows).toHaveLength(3);
    expect(rows[1].id).toBe(granted.body.id);
  });

  it('refuses public distribution until the subject gives it, then lets them withdraw it (P15.9)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    expect(stateOf((await me.list()).body).PUBLIC_DISTRIBUTION).toBe('NOT_GIVEN');
    const given = await me.give('PUBLIC_DISTRIBUTION', billing.policyVersionId);
    expect(given.status).toBe(201);
    expect(stateOf((await me.list()).body).PUBLIC_DISTRIBUTION).toBe('GIVEN');
    expect((await me.withdraw('PUBLIC_DISTRIBUTION')).status).toBe(200);
    expect(stateOf((await me.list()).body).PUBLIC_DISTRIBUTION).toBe('WITHDRAWN');
  });

  it('seals the evidence of a cabinet consent (address and user agent) under the subject key (P12, P11.4)', async () => {
    const subject = await signedInSubject(t, billing);
    const granted = await cabinet(t, subject.token).give(
      'PUBLIC_DISTRIBUTION',
      billing.policyVersionId,
    );
    const [row] = await t.db.query('SELECT * FROM consents WHERE id = ?', [granted.body.id]);
    expect(row.evidence).toMatch(/^v1\./);
    expect(row.evidence).not.toContain(CABINET_UA);
    const key = (await t.app.get(Vault).keyFor(subject.id))!;
    expect(JSON.parse(key.open(`consent/${row.id}/evidence`, row.evidence))).toEqual({
      ip: expect.stringMatching(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/),
      userAgent: CABINET_UA,
    });
  });

  it('refuses a consent under a version that is not in force with POLICY_NOT_ACCEPTED, recording nothing (P12)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    for (const versionId of ['00000000-0000-4000-8000-000000000000']) {
      const refused = await me.give('CROSS_BORDER_TRANSFER', versionId);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'POLICY_NOT_ACCEPTED',
        details: { policyVersionInForce: billing.policyVersionId },
      });
    }
    expect(await consentRows(t, subject.id)).toHaveLength(1);
  });

  it('refuses cross-border transfer or public distribution without PD_PROCESSING in force (P14, P15.9)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    expect((await me.withdraw('PD_PROCESSING')).status).toBe(200);
    for (const purpose of ['CROSS_BORDER_TRANSFER', 'PUBLIC_DISTRIBUTION']) {
      const refused = await me.give(purpose, billing.policyVersionId);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'CONSENT_REQUIRED',
        details: { requiredPurpose: 'PD_PROCESSING' },
      });
    }
  });

  it('answers a repeated grant under the same version with the grant in force, appending nothing', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const first = await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    const again = await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    expect(again.body.id).toBe(first.body.id);
    expect(await consentRows(t, subject.id)).toHaveLength(2);
  });

  it('refuses an unknown purpose by name', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const grant = await me.give('MARKETING', billing.policyVersionId);
    expect(grant.status).toBe(400);
    expect(grant.body.details.map((f: { field: string }) => f.field)).toEqual(['purpose']);
    const withdrawal = await me.withdraw('MARKETING');
    expect(withdrawal.status).toBe(400);
    expect(withdrawal.body.details[0].field).toBe('purpose');
  });

  it('answers the state at any past moment from the appended records (P12)', async () => {
    const subject = await signedInSubject(t, billing);
    let me = cabinet(t, subject.token);
    // Sessions expire on the server's clock: the subject signs in again after each move.
    const later = async (ms: number) => {
      t.clock.advance(ms);
      me = cabinet(t, await subjectLogin(t, subject.email));
    };
    const registeredAt = (await me.list()).body.state[0].since as string;
    await later(3_600_000);
    const granted = await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    await later(86_400_000);
    const withdrawn = await me.withdraw('CROSS_BORDER_TRANSFER');
    await later(3_600_000);
    await renewBilling(t, billing);

    const at = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
    const before = await me.list(at(registeredAt, -1));
    expect(stateOf(before.body)).toEqual({
      PD_PROCESSING: 'NOT_GIVEN',
      CROSS_BORDER_TRANSFER: 'NOT_GIVEN',
      PUBLIC_DISTRIBUTION: 'NOT_GIVEN',
    });
    expect(before.body.history).toEqual([]);
    const between = await me.list(at(granted.body.at, 60_000));
    expect(stateOf(between.body).CROSS_BORDER_TRANSFER).toBe('GIVEN');
    expect(between.body.at).toBe(at(granted.body.at, 60_000));
    expect(between.body.history).toHaveLength(2);
    const exactlyAtWithdrawal = await me.list(withdrawn.body.withdrawn[0].at);
    expect(stateOf(exactlyAtWithdrawal.body).CROSS_BORDER_TRANSFER).toBe('WITHDRAWN');
    expect(stateOf((await me.list()).body).CROSS_BORDER_TRANSFER).toBe('WITHDRAWN');
    const future = await me.list(at(t.clock.now().toISOString(), 86_400_000));
    expect(future.status).toBe(400);
    expect(future.body.details[0].field).toBe('at');
  });

  it('accepts a new policy version through a new PD_PROCESSING grant, keeping the earlier one in history (P20)', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const next = await publishPolicy(t, billing.officerToken, { significant: false });
    const before = (await me.list()).body;
    expect(before.policyInForce).toEqual({ id: next.id, label: next.label, accepted: false });
    const stale = await me.give('PD_PROCESSING', billing.policyVersionId);
    expect(stale.body).toMatchObject({
      code: 'POLICY_NOT_ACCEPTED',
      details: { policyVersionInForce: next.id },
    });
    const accepted = await me.give('PD_PROCESSING', next.id);
    expect(accepted.status).toBe(201);
    const after = (await me.list()).body;
    expect(after.policyInForce.accepted).toBe(true);
    expect(after.state[0]).toMatchObject({ status: 'GIVEN', policyVersionId: next.id });
    expect(after.history.map((r: { policyVersionId: string }) => r.policyVersionId)).toEqual([
      billing.policyVersionId,
      next.id,
    ]);
    billing.policyVersionId = next.id;
  });
});
