import { Injectable } from '@nestjs/common';
import { AuditOutcome } from '../audit/audit-actions';
import type { AuditAction } from '../audit/audit-actions';
import { type NewAuditEntry, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import { PrincipalKind } from '../auth/principal';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { ConsentsService } from '../consents/consents.service';
import { ConsentPurpose } from '../consents/vocabulary';
import { AppError, notFound } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-codes';
import { Transactions, type Tx } from '../database/transactions';
import { type Category, Operation, type Purpose } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import { AccessOrdersService } from './access-orders.service';
import { orderDenial } from './order-terms';
import { heldBy, HolderStanding } from './holder-standing';
import { decide, precondition, type Refusal, type SubjectFacts } from './rule';
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
   * Refusals the work itself may end in (a transfer rule, an outstanding contract): each is
   * recorded as this touch's DENIED entry once the work's transaction has rolled back.
   */
  refusals?: readonly ErrorCode[];
  /**
   * The subject's standing and consent when the caller loads them with the PD itself (one
   * round trip for both); otherwise the rule reads them.
   */
  facts?: Promise<SubjectFacts | null>;
}

export type { SubjectFacts } from './rule';

/** What a touch may carry besides what the rule decided: known only once the work has run. */
export type TouchDetails = Partial<
  Pick<NewAuditEntry, 'action' | 'subjectId' | 'targetId' | 'fields' | 'reason'>
>;

/** What the rule admitted, handed to the work of a touch. */
export interface Admitted {
  /** The categories the work may touch; with `requireAll`, every one asked for. */
  categories: Category[];
  withheld: Category[];
  /** The orders (or client grants) in force that admit them: what the work is done under. */
  orderIds: string[];
  /** Adds what only the work knows (the subject found, the medium made) to the touch's entry. */
  describe(details: TouchDetails): void;
  /** A further ALLOWED entry of the same touch, written before its own (a request's effect). */
  alsoRecord(details: TouchDetails): void;
}

interface Decision {
  allowed: Category[];
  withheld: Category[];
  orderIds: string[];
  entry(extra?: TouchDetails): NewAuditEntry;
}

interface Admission {
  allowed: Category[];
  orderIds: string[];
}

/**
 * The access rule (DESIGN.md, P9–P11), applied on every PD touch by staff and service
 * clients. All five conditions are read from the database on each call, so a
 * revocation, an expiry, a new pledge version or a suspension counts on the very next
 * request, on any instance. It fails closed: any condition not positively met refuses,
 * and every refusal is written to the audit trail before the error leaves.
 *
 * The conditions and their order are `decide` (rule.ts): this class reads what they weigh
 * and records what they decide.
 */
@Injectable()
export class PdAccess {
  constructor(
    private readonly holders: HolderStanding,
    private readonly orders: AccessOrdersService,
    private readonly consents: ConsentsService,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * The one way to touch a subject's PD: decides under the rule (a refusal is recorded as
   * DENIED and thrown), then runs `work` with what was admitted in a transaction, and
   * records the ALLOWED entry in that same transaction, so the touch and its record
   * commit together or not at all. Callers never write a PD-touch entry themselves.
   */
  async touch<T>(
    ctx: RequestContext,
    request: PdAccessRequest,
    work: (admitted: Admitted, tx: Tx) => Promise<T>,
  ): Promise<T> {
    const decision = await this.authorize(ctx, request);
    let committed: Tx | undefined;
    return this.guarded(decision, request, async () => {
      const result = await this.transactions.run(async (tx) => {
        committed = tx;
        const { admitted, entries } = working(decision);
        const result = await work(admitted, tx);
        for (const entry of entries()) await this.trail.record(entry, tx);
        return result;
      });
      // Detection weighs the entry before the answer leaves (P16).
      if (committed) await this.trail.notified(committed);
      return result;
    });
  }

  /**
   * A touch whose work only reads: decided like `touch`, but with no transaction around
   * the work, since there is nothing to commit with the entry. The ALLOWED entry is
   * appended once the work has succeeded, in the trail's next group commit, and the PD is
   * answered only after that entry has committed and detection has weighed it (P10, P16).
   */
  async read<T>(
    ctx: RequestContext,
    request: PdAccessRequest,
    work: (admitted: Admitted) => Promise<T>,
  ): Promise<T> {
    const decision = await this.authorize(ctx, request);
    return this.guarded(decision, request, async () => {
      const { admitted, entries } = working(decision);
      const result = await work(admitted);
      for (const entry of entries()) await this.trail.record(entry);
      return result;
    });
  }

  /** Runs the work; a refusal it may end in (`request.refusals`) is recorded as DENIED. */
  private guarded<T>(
    decision: Decision,
    request: PdAccessRequest,
    run: () => Promise<T>,
  ): Promise<T> {
    if (!request.refusals?.length) return run();
    return this.trail.refusals(decision.entry(), request.refusals, run);
  }

  private async authorize(ctx: RequestContext, request: PdAccessRequest): Promise<Decision> {
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

  /** Takes what the rule weighs (the holder's orders and pledge, the subject's facts), then applies it. */
  private async decide(ctx: RequestContext, request: PdAccessRequest): Promise<Admission> {
    const { principal } = ctx;
    if (principal.kind !== PrincipalKind.STAFF && principal.kind !== PrincipalKind.CLIENT) {
      throw new AppError(
        'FORBIDDEN_ROLE',
        'Only staff and service clients touch PD through this rule',
      );
    }
    const staff = principal.kind === PrincipalKind.STAFF;
    // The principal was re-read for this request (Principals): active and not suspended.
    const account = { active: true, suspended: false, paused: principal.paused };
    // Refused before anything is read when the account or the purpose already fails.
    const refused = precondition(account, request.purpose);
    if (refused) throw this.refusalError(refused, staff, request);
    const [weighed, subject] = await Promise.all([
      // Read with the principal for this request (HolderStanding); read here otherwise.
      heldBy(principal) ?? this.holders.of(principal.id),
      request.subjectId
        ? (request.facts ??
          this.consents.standingFor(request.subjectId, ConsentPurpose.PD_PROCESSING))
        : undefined,
    ]);
    const outcome = decide({
      account,
      signs: staff,
      purpose: request.purpose,
      operation: request.operation,
      categories: request.categories,
      orders: weighed.orders,
      pledged: weighed.pledged,
      subject,
      requireAll: request.requireAll ?? false,
      handlingRequest:
        (request.handlingRequest ?? false) && principal.roles.includes(Role.COMPLIANCE_OFFICER),
      consentByLegalBasis: request.consentByLegalBasis ?? false,
      now: this.clock.now(),
    });
    if (!outcome.refusal) return outcome;
    if (outcome.refusal.code === 'ACCESS_ORDER_REQUIRED') {
      throw await this.orderRequired(
        principal.kind,
        principal.id,
        request,
        outcome.refusal.denials,
      );
    }
    throw this.refusalError(outcome.refusal, staff, request);
  }

  private refusalError(
    refusal: Exclude<Refusal, { code: 'ACCESS_ORDER_REQUIRED' }>,
    staff: boolean,
    request: PdAccessRequest,
  ): AppError {
    switch (refusal.code) {
      case 'ACCOUNT_SUSPENDED':
        return new AppError(
          'ACCOUNT_SUSPENDED',
          staff
            ? "This account's PD access is paused after a credential reset or email change until a compliance officer confirms it"
            : "This client's PD access is paused after its secret was rotated until a compliance officer confirms it",
        );
      case 'PURPOSE_REQUIRED':
        return new AppError('PURPOSE_REQUIRED', 'State the purpose in the X-Access-Purpose header');
      case 'PLEDGE_REQUIRED':
        return new AppError(
          'PLEDGE_REQUIRED',
          'Sign the confidentiality pledge in force first (POST /staff/me/pledges)',
        );
      case 'NOT_FOUND':
        return notFound('Subject');
      case 'SUBJECT_BLOCKED':
        return new AppError(
          'SUBJECT_BLOCKED',
          'The subject has blocked their PD (P15.6): no processing until unblocked',
        );
      case 'CONSENT_REQUIRED':
        return new AppError(
          'CONSENT_REQUIRED',
          `The subject's consent to processing is not in force; ${request.purpose} rests on it (P7, P15.8)`,
        );
    }
  }

  /**
   * The refusal of condition 2, each category with its reason, ended orders consulted.
   * A service client is told it lacks a client grant: it never holds an access order.
   */
  private async orderRequired(
    kind: PrincipalKind,
    holderId: string,
    request: PdAccessRequest,
    denials: Map<Category, DenialReason>,
  ): Promise<AppError> {
    const history = await this.orders.history(holderId);
    const now = this.clock.now();
    const touch = { operation: request.operation, purpose: request.purpose! };
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

/** What the work is handed, and the entries of the touch once it has run (further ones first). */
function working(decision: Decision): { admitted: Admitted; entries: () => NewAuditEntry[] } {
  const details: TouchDetails = {};
  const further: TouchDetails[] = [];
  return {
    admitted: {
      categories: decision.allowed,
      withheld: decision.withheld,
      orderIds: decision.orderIds,
      describe: (more) => Object.assign(details, more),
      alsoRecord: (more) => further.push(more),
    },
    entries: () => [...further, details].map((more) => decision.entry(more)),
  };
}
