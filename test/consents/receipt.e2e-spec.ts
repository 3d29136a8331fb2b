import { createHash } from 'node:crypto';
import { PD_FIELDS, VISIT_FIELDS } from '../../src/pd/fields';
import { startApp, type TestApp } from '../support/app';
import { type Billing, setUpBilling } from '../support/subjects';
import { cabinet, OPERATOR_BIN, signedInSubject } from './helpers';

const POLICY_TEXT = 'Политика конфиденциальности ТОО «Fingram»';

describe('A consent receipt states what Kazakhstan law asks a consent to state (P12)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp({
      env: { OPERATOR_NAME: 'ТОО «Fingram»', OPERATOR_BIN, PD_RETENTION_DAYS: '1095' },
    });
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  it('names operator, subject, purposes, every PD category and field, term, disclosures, policy version, time and channel', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const registration = (await me.list()).body.state[0];
    const crossBorder = await me.give('CROSS_BORDER_TRANSFER', billing.policyVersionId);
    const receipt = await me.receipt(crossBorder.body.id);
    expect(receipt.status).toBe(200);

    const categories = [...new Set(Object.values(PD_FIELDS).map((spec) => spec.category))];
    const expectedData = ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'].map(
      (category) => ({
        category,
        fields: [
          ...Object.entries(PD_FIELDS)
            .filter(([, spec]) => spec.category === category)
            .map(([field]) => field),
          ...Object.entries(VISIT_FIELDS)
            .filter(([, of]) => of === category)
            .map(([field]) => field),
        ],
      }),
    );
    expect(categories.every((c) => expectedData.some((d) => d.category === c))).toBe(true);
    expect(receipt.body).toEqual({
      consentId: crossBorder.body.id,
      operator: { name: 'ТОО «Fingram»', bin: OPERATOR_BIN },
      subject: { id: subject.id, fullName: 'Ахметова Айгерим Серикқызы' },
      purposes: {
        consent: 'CROSS_BORDER_TRANSFER',
        consentsInForce: ['PD_PROCESSING', 'CROSS_BORDER_TRANSFER'],
        processing: ['IDENTIFICATION', 'CONTRACT', 'SETTLEMENTS'],
      },
      data: expectedData,
      term: {
        until: 'WITHDRAWAL',
        thenKeptDays: 1095,
        description: expect.stringContaining('1095 days'),
      },
      disclosure: { thirdParties: true, crossBorder: true, publicSources: false },
      policyVersion: {
        id: billing.policyVersionId,
        label: expect.any(String),
        textHash: createHash('sha256').update(POLICY_TEXT, 'utf8').digest('hex'),
      },
      grantedAt: crossBorder.body.at,
      channel: 'CABINET',
    });
    expect(receipt.body.data.flatMap((d: { fields: string[] }) => d.fields)).toHaveLength(
      Object.keys(PD_FIELDS).length + Object.keys(VISIT_FIELDS).length,
    );

    const atRegistration = await me.receipt(registration.consentId);
    expect(atRegistration.body).toMatchObject({
      purposes: { consent: 'PD_PROCESSING', consentsInForce: ['PD_PROCESSING'] },
      disclosure: { thirdParties: true, crossBorder: false, publicSources: false },
      grantedAt: registration.since,
      channel: 'WEB',
    });
  });

  it('states the disclosures as they stood when that grant was given, not as they stand now', async () => {
    const subject = await signedInSubject(t, billing);
    const me = cabinet(t, subject.token);
    const publicly = await me.give('PUBLIC_DISTRIBUTION', billing.policyVersionId);
    await me.withdraw('PUBLIC_DISTRIBUTION');
    const receipt = await me.receipt(publicly.body.id);
    expect(receipt.body.disclosure).toEqual({
      thirdParties: true,
      crossBorder: false,
      publicSources: true,
    });
  });

  it("answers NOT_FOUND for another subject's grant, a withdrawal record, or an unknown id", async () => {
    const owner = await signedInSubject(t, billing);
    const other = await signedInSubject(t, billing);
    const granted = await cabinet(t, owner.token).give(
      'CROSS_BORDER_TRANSFER',
      billing.policyVersionId,
    );
    const foreign = await cabinet(t, other.token).receipt(granted.body.id);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Ахметова');
    const withdrawal = await cabinet(t, owner.token).withdraw('CROSS_BORDER_TRANSFER');
    expect((await cabinet(t, owner.token).receipt(withdrawal.body.withdrawn[0].id)).status).toBe(
      404,
    );
    expect(
      (await cabinet(t, owner.token).receipt('00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await cabinet(t, owner.token).receipt('not-a-uuid')).status).toBe(400);
  });
});
