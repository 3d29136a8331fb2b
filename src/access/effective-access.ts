import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CATEGORIES } from '../pd/vocabulary';
import { StaffService } from '../staff/staff.service';
import { AccessOrdersService } from './access-orders.service';
import type { EffectiveAccessView } from './access-orders.dto';
import { inForce } from './order-terms';
import { accountDenial, categoryDenial } from './rule';
import { PledgesService } from './pledges.service';

/**
 * What a staff member may do with PD right now, category by category, and for each
 * refusal the reason: the guard's own conditions (rule.ts), subject aside.
 */
@Injectable()
export class EffectiveAccess {
  constructor(
    private readonly staff: StaffService,
    private readonly orders: AccessOrdersService,
    private readonly pledges: PledgesService,
    private readonly clock: Clock,
  ) {}

  async of(staffId: string): Promise<EffectiveAccessView> {
    const member = await this.staff.get(staffId);
    const [orders, pledge] = await Promise.all([
      this.orders.history(staffId),
      this.pledges.inForce(),
    ]);
    const signed = pledge !== null && (await this.pledges.hasSigned(staffId, pledge.id));
    const now = this.clock.now();
    return {
      staffId,
      at: now.toISOString(),
      active: member.active,
      suspended: member.suspended,
      paused: member.paused,
      pledge: { versionId: pledge?.id ?? null, signed },
      categories: CATEGORIES.map((category) => {
        const grants = orders
          .filter((order) => order.categories.includes(category) && inForce(order, now))
          .map((order) => ({
            orderId: order.id,
            number: order.number,
            operations: order.operations,
            purposes: order.purposes,
            validUntil: order.validUntil.toISOString(),
          }));
        const denied =
          accountDenial(member) ??
          categoryDenial(orders, category, null, { signs: true, pledged: signed }, now);
        return { category, grants, denied };
      }),
    };
  }
}
