import { type ConsentRecord, givenPurposes, nextRecordTime, stateAt } from './consent-state';

const record = (
  purpose: ConsentRecord['purpose'],
  action: ConsentRecord['action'],
  at: string,
  id = `${purpose}-${at}`,
): ConsentRecord => ({
  id,
  purpose,
  action,
  policyVersionId: 'v1',
  at: new Date(at),
  channel: 'CABINET',
  recordedByKind: 'subject',
});

describe('consent state at a moment (P12)', () => {
  const ledger = [
    record('PD_PROCESSING', 'GRANTED', '2026-01-01T00:00:00Z'),
    record('CROSS_BORDER_TRANSFER', 'GRANTED', '2026-02-01T00:00:00Z'),
    record('CROSS_BORDER_TRANSFER', 'WITHDRAWN', '2026-03-01T00:00:00Z'),
  ];

  it('takes the latest record at or before the moment, per purpose', () => {
    const inFebruary = stateAt(ledger, new Date('2026-02-15T00:00:00Z'));
    expect(inFebruary.CROSS_BORDER_TRANSFER.status).toBe('GIVEN');
    const inMarch = stateAt(ledger, new Date('2026-03-01T00:00:00Z'));
    expect(inMarch.CROSS_BORDER_TRANSFER.status).toBe('WITHDRAWN');
    expect(inMarch.CROSS_BORDER_TRANSFER.record?.id).toBe(ledger[2].id);
    expect(givenPurposes(inMarch)).toEqual(['PD_PROCESSING']);
  });

  it('reads a purpose without records as not given (P15.9: public distribution refused by default)', () => {
    const state = stateAt(ledger, new Date('2026-12-31T00:00:00Z'));
    expect(state.PUBLIC_DISTRIBUTION).toEqual({
      purpose: 'PUBLIC_DISTRIBUTION',
      status: 'NOT_GIVEN',
      record: null,
    });
    expect(stateAt(ledger, new Date('2025-12-31T00:00:00Z')).PD_PROCESSING.status).toBe(
      'NOT_GIVEN',
    );
  });

  it('does not depend on the order the records come in', () => {
    const reversed = stateAt([...ledger].reverse(), new Date('2026-12-31T00:00:00Z'));
    expect(reversed.CROSS_BORDER_TRANSFER.status).toBe('WITHDRAWN');
  });

  it('dates a new record after the latest one of its purpose when the clock has not moved on', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(nextRecordTime(ledger, 'CROSS_BORDER_TRANSFER', now).toISOString()).toBe(
      '2026-03-01T00:00:00.001Z',
    );
    expect(nextRecordTime(ledger, 'PUBLIC_DISTRIBUTION', now)).toBe(now);
    expect(nextRecordTime(ledger, 'PD_PROCESSING', now)).toBe(now);
  });
});
