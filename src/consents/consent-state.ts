import { ConsentAction, CONSENT_PURPOSES, type ConsentPurpose, ConsentStatus } from './vocabulary';

/** A consent record as the rules read it (the sealed evidence is not needed to decide). */
export interface ConsentRecord {
  id: string;
  purpose: ConsentPurpose;
  action: ConsentAction;
  policyVersionId: string;
  at: Date;
  channel: string;
  recordedByKind: string;
}

export interface PurposeState {
  purpose: ConsentPurpose;
  status: ConsentStatus;
  /** The record that decides it (null when there is none). */
  record: ConsentRecord | null;
}

export type ConsentState = Record<ConsentPurpose, PurposeState>;

/**
 * The state at `moment`: per purpose, the latest record at or before it (P12). Records
 * are only ever appended, and one subject's records of a purpose never share a time
 * (a unique index), so the answer for a past moment never changes.
 */
export function stateAt(records: readonly ConsentRecord[], moment: Date): ConsentState {
  const latest = new Map<ConsentPurpose, ConsentRecord>();
  for (const record of records) {
    if (record.at > moment) continue;
    const current = latest.get(record.purpose);
    if (!current || record.at > current.at) latest.set(record.purpose, record);
  }
  return Object.fromEntries(
    CONSENT_PURPOSES.map((purpose) => {
      const record = latest.get(purpose) ?? null;
      return [purpose, { purpose, status: statusOf(record), record }];
    }),
  ) as ConsentState;
}

export function statusOf(record: Pick<ConsentRecord, 'action'> | null): ConsentStatus {
  if (!record) return ConsentStatus.NOT_GIVEN;
  return record.action === ConsentAction.GRANTED ? ConsentStatus.GIVEN : ConsentStatus.WITHDRAWN;
}

export function givenPurposes(state: ConsentState): ConsentPurpose[] {
  return CONSENT_PURPOSES.filter((purpose) => state[purpose].status === ConsentStatus.GIVEN);
}

/**
 * When to date a new record of `purpose`: now, or just after the purpose's latest record
 * when that is not earlier (two changes within one millisecond keep their order).
 */
export function nextRecordTime(
  records: readonly ConsentRecord[],
  purpose: ConsentPurpose,
  now: Date,
): Date {
  const last = Math.max(
    -Infinity,
    ...records.filter((record) => record.purpose === purpose).map((record) => record.at.getTime()),
  );
  return last >= now.getTime() ? new Date(last + 1) : now;
}
