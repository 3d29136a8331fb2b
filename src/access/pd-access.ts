import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditOutcome } from '../audit/audit-actions';
import type { AuditAction } from '../audit/audit-actions';
import { type NewAuditEntry, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { PrincipalKind } from '../auth/principal';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { ConsentsService } from '../consents/consents.service';
import { ConsentPurpose } from '../consents/vocabulary';
import { fromDbTime, toDbTime } from '../database/db-time';
import { AppError, notFound } from '../errors/app-error';
import { type Category, type Operation, type Purpose, PURPOSE_BASIS } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import type { SubjectStanding } from '../subjects/subjects.service';
import { AccessOrdersService } from './access-orders.service';
import { orderDenial, type OrderTerms } from './order-terms';
import type { DenialReason } from './vocabulary';

export interface PdAccessRequest {
  /** Absent only for a search, before the subject is known: the subject's conditions wait. */
  subjectId?: string;
  categories: readonly Category[];
  operation: Operation;
  /** From `X-Access-Purpose`; null refuses with PURPOSE_REQUIRED. */
  purpose: Purpose | null;
  reason?: string | null;
  action: AuditAction;
  /** What the touch is about besides the subject (the third party of a transfer). */
  targetId?: string;
  /** Every category must be admitted (UPDATE, EXPORT); a read otherwise gets what may be read. */
  requireAll?: boolean;
  /**
   * A transfer states its legal basis, and the transfer rules decide whether that basis
   * needs the subject's consent (P13): the purpose's own consent condition is theirs then.
   */
  consentByLegalBasis?: boolean;
  /** A compliance officer handling a data request may touch a blocked subject (DESIGN.md, 4). */
  handlingRequest?: boolean;
  /**
   * The subject's standing and consent when the caller loads them with the PD itself (one
   * round trip for both); otherwise the rule reads them.
   */
  facts?: Promise<SubjectFacts | null>;
}

export interface SubjectFacts {
  standing: SubjectStanding;
  consented: boolean;
}

export interface PdDecision {
  allowed: Category[];
  withheld: Category[];
  /** The orders (or client grants) in force that admit the allowed categories: what it was done under. */
  orderIds: string[];
  /** The ALLOWED entry for this touch: the caller records it before answering. */
  entry(extra?: Partial<NewAuditEntry>): NewAuditEntry;
}

interface Admission {
  allowed: Category[];
  orderIds: string[];
}

interface Weighed {
  orders: OrderTerms[];
  pledged: boolean;
}

const ORDERS_SQL = `SELECT o.id, o.number, o.categories, o.operations, o.purposes, o.validFrom, o.validUntil, o.revokedAt,
  (SELECT COUNT(*) FROM pledge_signatures ps WHERE ps.staffId = o.holderId AND ps.pledgeVersionId =
    (SELECT pv.id FROM pledge_versions pv WHERE pv.effectiveFrom <= ? ORDER BY pv.effectiveFrom DESC, pv.publishedAt DESC LIMIT 1)) AS pledged
  FROM access_orders o WHERE o.holderId = ? AND o.validUntil > ?`;

/**
 * The access rule (DESIGN.md, P9–P11), applied on every PD touch by staff and service
 * clients. All five conditions are read from the database on each call, so a
 * revocation, an expiry, a new pledge version or a suspension counts on the very next
 * request, on any instance. It fails closed: any condition not positively met refuses,
 * and every refusal is written to the audit trail before the error leaves.
 *
 * 1. active, not suspended: the principal was re-read for this request (Principals);
 *    not paused: after someone else reset the account's credentials, changed its email
 *    or rotated the client's secret, nothing until a compliance officer confirms it;
 * 5. a stated purpose;
 * 2. an order (staff) or grant (client) in force covering category, operation and purpose;
 * 3. staff only: a signature of the pledge version in force;
 * 4. the subject exists and is not blocked (a compliance officer handling a data request
 *    excepted), and for a consent-based purpose the subject's consent to processing stands.
 */
@Injectable()
export class PdAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: AccessOrdersService,
    private readonly consents: ConsentsService,
    private readonly trail: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async authorize(ctx: RequestContext, request: PdAccessRequest): Promise<PdDecision> {
    // A refusal may come before the facts are awaited; their failure is then not ours to report.
    request.facts?.catch(() => undefined);
    const base: NewAuditEntry = {
      ...originOf(ctx),
      action: request.action,
      outcome: AuditOutcome.ALLOWED,
      subjectId: request.subjectId ?? null,
      targetId: request.targetId ?? null,
      categories: request.categories,
      operation: request.operation,
      purpose: request.purpose,
      reason: request.reason ?? null,
    };
    try {
      const { allowed, orderIds } = await this.decide(ctx, request);
      const withheld = request.categories.filter((category) => !allowed.includes(category));
      return {
        allowed,
        withheld,
        orderIds,
        entry: (extra = {}) => ({ ...base, categories: allowed, ...extra }),
      };
    } catch (error) {
      if (error instanceof AppError) {
        await this.trail.record({ ...base, outcome: AuditOutcome.DENIED, code: error.code });
      }
      throw error;
    }
  }

  /**
   * The categories the rule admits for `request` right now, or none: no entry is written
   * (PdProjection records what it then shows). A refusal here withholds, it does not fail.
   */
  async admitted(ctx: RequestContext, request: PdAccessRequest): Promise<Category[]> {
    try {
      return (await this.decide(ctx, { ...request, requireAll: false })).allowed;
    } catch (error) {
      if (error instanceof AppError) return [];
      throw error;
    }
  }

  private async decide(ctx: RequestContext, request: PdAccessRequest): Promise<Admission> {
    const { principal } = ctx;
    if (principal.kind !== PrincipalKind.STAFF && principal.kind !== PrincipalKind.CLIENT) {
      throw new AppError(
        'FORBIDDEN_ROLE',
        'Only staff and service clients touch PD through this rule',
      );
    }
    if (principal.paused) {
      throw new AppError(
        'ACCOUNT_SUSPENDED',
        principal.kind === PrincipalKind.STAFF
          ? "This account's PD access is paused after a credential reset or email change until a compliance officer confirms it"
          : "This client's PD access is paused after its secret was rotated until a compliance officer confirms it",
      );
    }
    const purpose = request.purpose;
    if (purpose === null) {
      throw new AppError('PURPOSE_REQUIRED', 'State the purpose in the X-Access-Purpose header');
    }
    const [weighed, subject] = await Promise.all([
      this.weigh(principal.id),
      request.subjectId
        ? (request.facts ??
          this.consents.standingFor(request.subjectId, ConsentPurpose.PD_PROCESSING))
        : null,
    ]);
    const now = this.clock.now();
    const touch = { operation: request.operation, purpose };
    const denials = new Map<Category, DenialReason>();
    for (const category of request.categories) {
      const denial = orderDenial(weighed.orders, category, touch, now);
      if (denial) denials.set(category, denial);
    }
    const allowed = request.categories.filter((category) => !denials.has(category));
    if (allowed.length === 0 || (request.requireAll && denials.size > 0)) {
      throw await this.orderRequired(principal.kind, principal.id, request, touch, denials);
    }
    const orderIds = weighed.orders
      .filter((order) => allowed.some((category) => !orderDenial([order], category, touch, now)))
      .map((order) => order.id);
    const admission = { allowed, orderIds };
    if (principal.kind === PrincipalKind.STAFF && !weighed.pledged) {
      throw new AppError(
        'PLEDGE_REQUIRED',
        'Sign the confidentiality pledge in force first (POST /staff/me/pledges)',
      );
    }
    if (!request.subjectId) return admission;
    if (!subject || subject.standing.depersonalized) throw notFound('Subject');
    const handling = request.handlingRequest && principal.roles.includes(Role.COMPLIANCE_OFFICER);
    if (subject.standing.blocked && !handling) {
      throw new AppError(
        'SUBJECT_BLOCKED',
        'The subject has blocked their PD (P15.6): no processing until unblocked',
      );
    }
    if (
      PURPOSE_BASIS[purpose] === 'CONSENT' &&
      !subject.consented &&
      !request.consentByLegalBasis
    ) {
      throw new AppError(
        'CONSENT_REQUIRED',
        `The subject's consent to processing is not in force; ${purpose} rests on it (P7, P15.8)`,
      );
    }
    return admission;
  }

  /** The holder's orders not yet ended and whether they signed the pledge in force: one query. */
  private async weigh(holderId: string): Promise<Weighed> {
    const manager = this.dataSource.manager;
    const now = toDbTime(manager, this.clock.now());
    const rows: Array<Record<string, unknown>> = await manager.query(ORDERS_SQL, [
      now,
      holderId,
      now,
    ]);
    return {
      orders: rows.map((row) => ({
        id: row.id as string,
        number: row.number as string,
        categories: JSON.parse(row.categories as string) as Category[],
        operations: JSON.parse(row.operations as string) as Operation[],
        purposes: JSON.parse(row.purposes as string) as Purpose[],
        validFrom: fromDbTime(row.validFrom),
        validUntil: fromDbTime(row.validUntil),
        revokedAt: row.revokedAt == null ? null : fromDbTime(row.revokedAt),
      })),
      pledged: rows.length > 0 && Number(rows[0].pledged) > 0,
    };
  }

  /**
   * The refusal of condition 2, each category with its reason, ended orders consulted.
   * A service client is told it lacks a client grant: it never holds an access order.
   */
  private async orderRequired(
    kind: PrincipalKind,
    holderId: string,
    request: PdAccessRequest,
    touch: { operation: Operation; purpose: Purpose },
    denials: Map<Category, DenialReason>,
  ): Promise<AppError> {
    const history = await this.orders.history(holderId);
    const now = this.clock.now();
    const reasons = Object.fromEntries(
      [...denials.keys()].map((category) => [
        category,
        orderDenial(history, category, touch, now) ?? denials.get(category),
      ]),
    );
    const what = kind === PrincipalKind.CLIENT ? 'client grant' : 'access order';
    return new AppError(
      'ACCESS_ORDER_REQUIRED',
      `No ${what} in force covers ${request.operation} for ${touch.purpose} on ${[...denials.keys()].join(', ')}`,
      { categories: reasons },
    );
  }
}
