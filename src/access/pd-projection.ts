import { Injectable } from '@nestjs/common';
import { AuditOutcome, type AuditAction } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import type { Tx } from '../database/transactions';
import { categoryOf, type PdField, type PdRecord } from '../pd/fields';
import { Category, Operation, type Purpose } from '../pd/vocabulary';
import { toView, type SubjectPdView } from '../subjects/subject-record';
import { PdAccess } from './pd-access';

/** The categories a subject record holds (visit data, TECHNICAL, is not part of it). */
export const RECORD_CATEGORIES: readonly Category[] = [
  Category.IDENTITY,
  Category.CONTACT,
  Category.BANKING,
  Category.ID_DOCUMENT,
];

export interface Projected {
  pd: SubjectPdView;
  /** Categories left out because the caller may not read them for this purpose. */
  withheld: Category[];
}

export interface ProjectionScope {
  subjectId: string;
  purpose: Purpose;
  reason?: string | null;
  /** The READ entry's action and target when something is shown. */
  action: AuditAction;
  targetId?: string | null;
  handlingRequest?: boolean;
}

/** Keeps the fields of `record` whose category is readable: the one filter every PD answer passes. */
export function projectRecord(record: PdRecord, readable: readonly Category[]): Projected {
  const kept = Object.entries(record).filter(([field]) =>
    readable.includes(categoryOf(field as PdField)),
  );
  return {
    pd: toView(Object.fromEntries(kept)),
    withheld: RECORD_CATEGORIES.filter((category) => !readable.includes(category)),
  };
}

/**
 * A response to staff or a service client carries a subject's PD only through here
 * (P10, P11.1): whatever the route's own operation was (UPDATE, EXPORT, handling a data
 * request), what comes back is what the access rule admits for READ for the purpose
 * stated, at this moment; the rest is named in `withheld`. What is shown is a read, and
 * is recorded as one (in `tx` when given) before the answer leaves.
 */
@Injectable()
export class PdProjection {
  constructor(
    private readonly access: PdAccess,
    private readonly trail: AuditTrail,
  ) {}

  async project(
    ctx: RequestContext,
    scope: ProjectionScope,
    record: PdRecord,
    tx?: Tx,
  ): Promise<Projected> {
    const present = RECORD_CATEGORIES.filter((category) =>
      Object.keys(record).some((field) => categoryOf(field as PdField) === category),
    );
    const readable =
      present.length === 0
        ? []
        : await this.access.admitted(ctx, {
            subjectId: scope.subjectId,
            categories: present,
            operation: Operation.READ,
            purpose: scope.purpose,
            reason: scope.reason,
            action: scope.action,
            handlingRequest: scope.handlingRequest,
          });
    if (readable.length > 0) {
      await this.trail.record(
        {
          ...originOf(ctx),
          action: scope.action,
          outcome: AuditOutcome.ALLOWED,
          subjectId: scope.subjectId,
          targetId: scope.targetId ?? null,
          categories: readable,
          operation: Operation.READ,
          purpose: scope.purpose,
          reason: scope.reason ?? null,
        },
        tx,
      );
    }
    return projectRecord(record, readable);
  }
}
