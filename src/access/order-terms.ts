import type { Category, Operation, Purpose } from '../pd/vocabulary';
import { DenialReason } from './vocabulary';

/** What the rule reads of an order; pure, so the decision is testable without a database. */
export interface OrderTerms {
  id: string;
  number: string;
  categories: readonly Category[];
  operations: readonly Operation[];
  purposes: readonly Purpose[];
  validFrom: Date;
  validUntil: Date;
  revokedAt: Date | null;
}

export interface Touch {
  operation: Operation;
  purpose: Purpose;
}

/** In force at `now`: validFrom ≤ now < validUntil and not revoked by then (condition 2). */
export function inForce(order: OrderTerms, now: Date): boolean {
  return (
    order.validFrom <= now &&
    now < order.validUntil &&
    (order.revokedAt === null || order.revokedAt > now)
  );
}

export function covers(order: OrderTerms, category: Category, touch: Touch): boolean {
  return (
    order.categories.includes(category) &&
    order.operations.includes(touch.operation) &&
    order.purposes.includes(touch.purpose)
  );
}

/**
 * Whether the orders admit `touch` on `category` at `now`: null when one order in force
 * covers category, operation and purpose; otherwise the reason nearest to being allowed
 * (an order in force for the wrong purpose says more than an expired one).
 */
export function orderDenial(
  orders: readonly OrderTerms[],
  category: Category,
  touch: Touch | null,
  now: Date,
): DenialReason | null {
  const onCategory = orders.filter((order) => order.categories.includes(category));
  const current = onCategory.filter((order) => inForce(order, now));
  if (touch === null) return current.length > 0 ? null : lapsed(onCategory, now);
  if (current.some((order) => covers(order, category, touch))) return null;
  if (current.some((order) => order.operations.includes(touch.operation)))
    return DenialReason.PURPOSE_NOT_COVERED;
  if (current.length > 0) return DenialReason.OPERATION_NOT_COVERED;
  return lapsed(onCategory, now);
}

function lapsed(onCategory: readonly OrderTerms[], now: Date): DenialReason {
  if (onCategory.length === 0) return DenialReason.NO_ORDER;
  if (onCategory.some((order) => order.revokedAt === null && now < order.validFrom))
    return DenialReason.NOT_YET_VALID;
  if (onCategory.some((order) => order.revokedAt !== null && order.revokedAt <= now))
    return DenialReason.REVOKED;
  return DenialReason.EXPIRED;
}
