import { PD_FIELD_NAMES, VISIT_FIELDS } from '../pd/fields';
import { buildReceipt, collectedData } from './consent-receipt';
import { type ConsentRecord, stateAt } from './consent-state';

const grant = (purpose: ConsentRecord['purpose'], at: string): ConsentRecord => ({
  id: `id-${purpose}`,
  purpose,
  action: 'GRANTED',
  policyVersionId: 'v1',
  at: new Date(at),
  channel: 'CABINET',
  recordedByKind: 'subject',
});

const input = (records: ConsentRecord[], consent: ConsentRecord) => ({
  consent,
  stateThen: stateAt(records, consent.at),
  operator: { name: 'ТОО «Fingram»', bin: null },
  subject: { id: 's1', fullName: 'Ахметова Айгерим' },
  policyVersion: { id: 'v1', label: '2026-11', textHash: 'ab'.repeat(32) },
  retentionDays: 1095,
});

describe('consent receipt builder', () => {
  it('lists every registered field once, under its category, from the field registry', () => {
    const data = collectedData();
    const fields = data.flatMap((entry) => entry.fields);
    expect(fields.sort()).toEqual([...PD_FIELD_NAMES, ...Object.keys(VISIT_FIELDS)].sort());
    expect(data.find((entry) => entry.category === 'BANKING')?.fields).toEqual([
      'iban',
      'cardNumber',
      'bankName',
    ]);
  });

  it('derives the disclosures from the consents in force at the grant', () => {
    const processing = grant('PD_PROCESSING', '2026-01-01T00:00:00Z');
    const publicly = grant('PUBLIC_DISTRIBUTION', '2026-02-01T00:00:00Z');
    const records = [processing, publicly];
    expect(buildReceipt(input(records, processing)).disclosure).toEqual({
      thirdParties: true,
      crossBorder: false,
      publicSources: false,
    });
    expect(buildReceipt(input(records, publicly)).disclosure).toEqual({
      thirdParties: true,
      crossBorder: false,
      publicSources: true,
    });
  });

  it('states a BIN that is not configured as null, and the term from the retention setting', () => {
    const processing = grant('PD_PROCESSING', '2026-01-01T00:00:00Z');
    const receipt = buildReceipt(input([processing], processing));
    expect(receipt.operator).toEqual({ name: 'ТОО «Fingram»', bin: null });
    expect(receipt.term).toMatchObject({ until: 'WITHDRAWAL', thenKeptDays: 1095 });
    expect(receipt.grantedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(receipt.purposes.processing).toEqual(['IDENTIFICATION', 'CONTRACT', 'SETTLEMENTS']);
  });
});
