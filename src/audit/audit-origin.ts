import type { RequestContext } from '../auth/request-context';
import type { ErrorCode } from '../errors/error-codes';
import type { Category, Operation, Purpose } from '../pd/vocabulary';
import type { Role } from '../staff/roles';
import { ActorKind, type AuditAction, type AuditOutcome } from './audit-actions';

/** Who acted and through which request. */
export interface AuditOrigin {
  actorKind: ActorKind;
  actorId: string | null;
  actorRoles: readonly Role[];
  requestId: string | null;
  ip: string | null;
}

/** What a feature tells the trail; the trail adds id, time and the chain links. */
export interface NewAuditEntry extends AuditOrigin {
  action: AuditAction;
  outcome: AuditOutcome;
  code?: ErrorCode | null;
  subjectId?: string | null;
  targetId?: string | null;
  fields?: readonly string[];
  categories?: readonly Category[];
  operation?: Operation | null;
  purpose?: Purpose | null;
  reason?: string | null;
  /** Only for a failed sign-in that matched no account (see AuditEntry.identifierHash). */
  identifierHash?: string | null;
}

/** The caller of a request, as the audit names them: staff with their roles of the moment. */
export function originOf(ctx: RequestContext): AuditOrigin {
  const { principal } = ctx;
  return {
    actorKind: principal.kind,
    actorId: principal.id,
    actorRoles: principal.kind === ActorKind.STAFF ? principal.roles : [],
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
}

/** The service acting on its own (the first administrator from the environment, jobs). */
export const SYSTEM_ORIGIN: AuditOrigin = {
  actorKind: ActorKind.SYSTEM,
  actorId: null,
  actorRoles: [],
  requestId: null,
  ip: null,
};

/** The names of the fields a change request sets (for `fields`; values are never audited). */
export function fieldsSet(dto: object): string[] {
  return Object.entries(dto)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
}
