import { type Category, type Operation, type Purpose, PURPOSE_BASIS } from '../pd/vocabulary';
import type { SubjectStanding } from '../subjects/subject-standings';
import { orderDenial, type OrderTerms } from './order-terms';
import { DenialReason } from './vocabulary';

/**
 * The access rule (DESIGN.md, P9–P11) as one pure function of what was read: the guard
 * (PdAccess), effective access and every screen that explains a refusal share it, so the
 * order of the conditions is written here once.
 *
 * 1. the account: active, not suspended, not paused (after someone else reset its
 *    credentials, changed its email or rotated a client's secret, until an officer confirms);
 * 5. a stated purpose;
 * 2. an order (staff) or grant (client) in force covering category, operation and purpose;
 * 3. staff only: a signature of the pledge version in force;
 * 4. the subject exists and is not blocked (a compliance officer handling a data request
 *    excepted), and for a consent-based purpose the subject's consent to processing stands.
 */

export interface AccountState {
  active: boolean;
  suspended: boolean;
  paused: boolean;
}

export interface SubjectFacts {
  standing: SubjectStanding;
  consented: boolean;
}

export interface RuleInput {
  account: AccountState;
  /** Staff sign the pledge; a service client holds grants and signs nothing. */
  signs: boolean;
  purpose: Purpose | null;
  operation: Operation;
  categories: readonly Category[];
  orders: readonly OrderTerms[];
  pledged: boolean;
  /** Undefined when no subject is concerned yet (a search); null when there is no such subject. */
  subject?: SubjectFacts | null;
  requireAll: boolean;
  /** A compliance officer handling a data request reaches a blocked subject. */
  handlingRequest: boolean;
  /** A transfer whose legal basis the transfer rules weigh for consent themselves (P13). */
  consentByLegalBasis: boolean;
  now: Date;
}

export type Refusal =
  | { code: 'ACCOUNT_SUSPENDED'; reason: DenialReason }
  | { code: 'PURPOSE_REQUIRED' }
  | { code: 'ACCESS_ORDER_REQUIRED'; denials: Map<Category, DenialReason> }
  | { code: 'PLEDGE_REQUIRED' }
  | { code: 'NOT_FOUND' }
  | { code: 'SUBJECT_BLOCKED' }
  | { code: 'CONSENT_REQUIRED' };

/** What the rule can answer to a touch of a subject's PD, for the routes that declare it. */
export const SUBJECT_TOUCH_REFUSALS = [
  'PURPOSE_REQUIRED',
  'ACCESS_ORDER_REQUIRED',
  'PLEDGE_REQUIRED',
  'ACCOUNT_SUSPENDED',
  'SUBJECT_BLOCKED',
  'CONSENT_REQUIRED',
] as const;

export type RuleOutcome =
  { allowed: Category[]; orderIds: string[]; refusal?: undefined } | { refusal: Refusal };

/** Condition 1: why the account may touch no PD at all, or null. */
export function accountDenial(account: AccountState): DenialReason | null {
  if (!account.active) return DenialReason.INACTIVE;
  if (account.suspended) return DenialReason.SUSPENDED;
  if (account.paused) return DenialReason.PAUSED;
  return null;
}

/**
 * Conditions 2 and 3 for one category: null when an order in force covers it (for the
 * touch, or for anything when `touch` is null) and the pledge is signed where one is due.
 */
export function categoryDenial(
  orders: readonly OrderTerms[],
  category: Category,
  touch: { operation: Operation; purpose: Purpose } | null,
  pledge: { signs: boolean; pledged: boolean },
  now: Date,
): DenialReason | null {
  const denial = orderDenial(orders, category, touch, now);
  if (denial) return denial;
  return pledge.signs && !pledge.pledged ? DenialReason.PLEDGE_MISSING : null;
}

/** Conditions 1 and 5, which need nothing read: the refusal they give, or null. */
export function precondition(
  account: AccountState,
  purpose: Purpose | null,
): Extract<Refusal, { code: 'ACCOUNT_SUSPENDED' | 'PURPOSE_REQUIRED' }> | null {
  const denial = accountDenial(account);
  if (denial) return { code: 'ACCOUNT_SUSPENDED', reason: denial };
  if (purpose === null) return { code: 'PURPOSE_REQUIRED' };
  return null;
}

/** The rule: the categories admitted with the orders that admit them, or the first refusal. */
export function decide(input: RuleInput): RuleOutcome {
  const refused = precondition(input.account, input.purpose);
  if (refused) return { refusal: refused };
  const purpose = input.purpose!;
  const touch = { operation: input.operation, purpose };
  const denials = new Map<Category, DenialReason>();
  for (const category of input.categories) {
    const denial = orderDenial(input.orders, category, touch, input.now);
    if (denial) denials.set(category, denial);
  }
  const allowed = input.categories.filter((category) => !denials.has(category));
  if (allowed.length === 0 || (input.requireAll && denials.size > 0)) {
    return { refusal: { code: 'ACCESS_ORDER_REQUIRED', denials } };
  }
  if (input.signs && !input.pledged) return { refusal: { code: 'PLEDGE_REQUIRED' } };
  const orderIds = input.orders
    .filter((order) =>
      allowed.some((category) => !orderDenial([order], category, touch, input.now)),
    )
    .map((order) => order.id);
  if (input.subject === undefined) return { allowed, orderIds };
  const subject = input.subject;
  if (!subject || subject.standing.depersonalized) return { refusal: { code: 'NOT_FOUND' } };
  if (subject.standing.blocked && !input.handlingRequest) {
    return { refusal: { code: 'SUBJECT_BLOCKED' } };
  }
  if (PURPOSE_BASIS[purpose] === 'CONSENT' && !subject.consented && !input.consentByLegalBasis) {
    return { refusal: { code: 'CONSENT_REQUIRED' } };
  }
  return { allowed, orderIds };
}
