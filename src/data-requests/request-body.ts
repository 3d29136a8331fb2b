import type { DataKey } from '../crypto/envelope';
import type { SubjectChangesDto } from '../subjects/subject-fields.dto';
import { toRecord, toView } from '../subjects/subject-record';
import type {
  DocumentView,
  RequestStepView,
  RequestSummaryView,
  RequestView,
} from './data-requests.dto';
import type { DataRequestStep } from './data-request-step.entity';
import type { DataRequest } from './data-request.entity';
import { RequestStatus } from './vocabulary';

/** What the subject wrote: sealed as one JSON value under their key. */
export interface RequestBody {
  details: string | null;
  proposed: SubjectChangesDto | null;
  documents: DocumentView[];
}

const bodyContext = (requestId: string): string => `request/${requestId}/body`;
const noteContext = (stepId: string): string => `request-step/${stepId}/note`;

export function sealBody(key: DataKey, requestId: string, body: RequestBody): string {
  return key.seal(bodyContext(requestId), JSON.stringify(body));
}

/** The body, or null once the key is destroyed (the subject was depersonalized). */
export function openBody(key: DataKey | null, request: DataRequest): RequestBody | null {
  if (!key) return null;
  return JSON.parse(key.open(bodyContext(request.id), request.sealedBody)) as RequestBody;
}

export function sealNote(key: DataKey, stepId: string, note: string | undefined): string | null {
  return note === undefined ? null : key.seal(noteContext(stepId), note);
}

export function openNote(key: DataKey | null, step: DataRequestStep): string | null {
  return key && step.note !== null ? key.open(noteContext(step.id), step.note) : null;
}

const OPEN: readonly RequestStatus[] = [RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW];

export function isOverdue(request: DataRequest, now: Date): boolean {
  return OPEN.includes(request.status) && request.dueAt < now;
}

export function summaryView(request: DataRequest, now: Date): RequestSummaryView {
  return {
    id: request.id,
    subjectId: request.subjectId,
    type: request.type,
    status: request.status,
    channel: request.channel,
    filedAt: request.filedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    overdue: isOverdue(request, now),
    assigneeId: request.assigneeId,
    closedAt: request.closedAt?.toISOString() ?? null,
  };
}

/** The full request; what was sealed shows as null once the subject's key is gone. */
export function fullView(
  request: DataRequest,
  steps: DataRequestStep[],
  key: DataKey | null,
  now: Date,
): RequestView {
  const body = openBody(key, request);
  const stepViews: RequestStepView[] = steps.map((step) => ({
    status: step.status,
    at: step.at.toISOString(),
    actorKind: step.actorKind,
    actorId: step.actorId,
    note: openNote(key, step),
  }));
  const rejection = stepViews.find((step) => step.status === RequestStatus.REJECTED);
  return {
    ...summaryView(request, now),
    details: body?.details ?? null,
    proposed: body?.proposed ? toView(toRecord(body.proposed).values) : null,
    withheld: [],
    documents: body?.documents ?? [],
    rejectionReason: rejection?.note ?? null,
    steps: stepViews,
  };
}
