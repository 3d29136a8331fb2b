import type { ConsentRecord, PurposeState } from './consent-state';
import type { ConsentRecordView, PurposeStateView } from './consents.dto';
import { ConsentStatus } from './vocabulary';

export function recordView(record: ConsentRecord): ConsentRecordView {
  return {
    id: record.id,
    purpose: record.purpose,
    action: record.action,
    policyVersionId: record.policyVersionId,
    at: record.at.toISOString(),
    channel: record.channel,
    recordedBy: record.recordedByKind,
  };
}

export function purposeView(state: PurposeState): PurposeStateView {
  return {
    purpose: state.purpose,
    status: state.status,
    given: state.status === ConsentStatus.GIVEN,
    since: state.record?.at.toISOString() ?? null,
    policyVersionId: state.record?.policyVersionId ?? null,
    consentId: state.record?.id ?? null,
  };
}
