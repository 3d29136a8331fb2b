import { Category, Operation, Purpose } from '../pd/vocabulary';
import { inForce, orderDenial, type OrderTerms } from './order-terms';
import { DenialReason } from './vocabulary';

const day = 86_400_000;
const now = new Date('2026-11-24T12:00:00Z');
const order = (overrides: Partial<OrderTerms> = {}): OrderTerms => ({
  id: 'o1',
  number: 'PD-1',
  categories: [Category.CONTACT],
  operations: [Operation.READ],
  purposes: [Purpose.CONTRACT],
  validFrom: new Date(now.getTime() - day),
  validUntil: new Date(now.getTime() + day),
  revokedAt: null,
  ...overrides,
});
const read = { operation: Operation.READ, purpose: Purpose.CONTRACT };

describe('the order condition of the access rule (P10)', () => {
  it('admits an order in force that covers category, operation and purpose', () => {
    expect(orderDenial([order()], Category.CONTACT, read, now)).toBeNull();
  });

  it('treats validUntil as exclusive and validFrom as inclusive', () => {
    expect(inForce(order({ validUntil: now }), now)).toBe(false);
    expect(inForce(order({ validFrom: now }), now)).toBe(true);
  });

  it('names the nearest reason for each refusal', () => {
    const cases: Array<[OrderTerms[], Category, DenialReason]> = [
      [[], Category.CONTACT, DenialReason.NO_ORDER],
      [[order()], Category.BANKING, DenialReason.NO_ORDER],
      [
        [order({ validUntil: new Date(now.getTime() - 1) })],
        Category.CONTACT,
        DenialReason.EXPIRED,
      ],
      [[order({ revokedAt: new Date(now.getTime() - 1) })], Category.CONTACT, DenialReason.REVOKED],
      [
        [
          order({
            validFrom: new Date(now.getTime() + day),
            validUntil: new Date(now.getTime() + 2 * day),
          }),
        ],
        Category.CONTACT,
        DenialReason.NOT_YET_VALID,
      ],
      [
        [order({ operations: [Operation.UPDATE] })],
        Category.CONTACT,
        DenialReason.OPERATION_NOT_COVERED,
      ],
      [
        [order({ purposes: [Purpose.SETTLEMENTS] })],
        Category.CONTACT,
        DenialReason.PURPOSE_NOT_COVERED,
      ],
    ];
    for (const [orders, category, reason] of cases) {
      expect(orderDenial(orders, category, read, now)).toBe(reason);
    }
  });

  it('lets one order in force outweigh a revoked or expired one', () => {
    const orders = [order({ id: 'old', revokedAt: new Date(now.getTime() - 1) }), order()];
    expect(orderDenial(orders, Category.CONTACT, read, now)).toBeNull();
  });

  it('counts a revocation scheduled after now as not yet effective', () => {
    expect(
      orderDenial([order({ revokedAt: new Date(now.getTime() + 1) })], Category.CONTACT, read, now),
    ).toBeNull();
  });
});
