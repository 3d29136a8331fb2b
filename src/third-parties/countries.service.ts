import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { AppError } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { HOME_COUNTRY, isCountryCode } from './countries';
import { CountryDecision } from './country-decision.entity';
import { isRealDay } from './legal-day';
import { RegistryKind } from './vocabulary';
import { RegistryHistory } from './registry-history';
import type { CountryDecisionDto, CountryView, RegistryChangeView } from './third-parties.dto';

const HOME_VIEW: CountryView = {
  code: HOME_COUNTRY,
  protectsPd: true,
  reason: null,
  decidedOn: null,
  version: 0,
  updatedAt: null,
};

/**
 * Which states protect PD (P14). Kazakhstan does by default and is not decided on: a
 * transfer inside it is not cross-border. Every other state does not protect until a
 * compliance officer says it does, with a reason and a date; each decision keeps the
 * one it replaced.
 */
@Injectable()
export class CountriesService {
  constructor(
    @InjectRepository(CountryDecision) private readonly decisions: Repository<CountryDecision>,
    private readonly history: RegistryHistory,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async decide(code: string, dto: CountryDecisionDto, ctx: RequestContext): Promise<CountryView> {
    const country = this.known(code);
    if (country === HOME_COUNTRY) {
      throw validationFailed([
        {
          field: 'code',
          constraints: [
            'KZ is the home state: it protects PD and transfers inside it are domestic',
          ],
        },
      ]);
    }
    if (!isRealDay(dto.decidedOn)) {
      throw validationFailed([
        { field: 'decidedOn', constraints: ['decidedOn must be a real date'] },
      ]);
    }
    return this.transactions.run(async (tx) => {
      const current = await tx.manager.findOneBy(CountryDecision, { code: country });
      const next: CountryDecision = {
        code: country,
        protectsPd: dto.protectsPd,
        reason: dto.reason,
        decidedOn: dto.decidedOn,
        version: (current?.version ?? 0) + 1,
        updatedAt: this.clock.now(),
        updatedBy: ctx.principal.id,
      };
      if (current) {
        const updated = await tx.manager.update(
          CountryDecision,
          { code: country, version: current.version },
          next,
        );
        if (updated.affected !== 1) {
          throw new AppError('CONCURRENT_CHANGE', 'The decision changed meanwhile; retry');
        }
      } else {
        await tx.manager.insert(CountryDecision, next);
      }
      await this.history.append(
        {
          kind: RegistryKind.COUNTRY,
          entityId: country,
          version: next.version,
          previous: current && {
            protectsPd: current.protectsPd,
            reason: current.reason,
            decidedOn: current.decidedOn,
            updatedBy: current.updatedBy,
            updatedAt: current.updatedAt.toISOString(),
          },
          fields: ['protectsPd', 'reason', 'decidedOn'],
        },
        ctx,
        tx,
      );
      await this.audit.record(
        {
          ...originOf(ctx),
          action: AuditAction.COUNTRY_DECISION,
          outcome: AuditOutcome.ALLOWED,
          reason: `${country}: ${dto.protectsPd ? 'protects' : 'does not protect'} PD`,
        },
        tx,
      );
      return view(next);
    });
  }

  /** Kazakhstan first, then every decided state by code. */
  async list(): Promise<CountryView[]> {
    const rows = await this.decisions.find({ order: { code: 'ASC' } });
    return [HOME_VIEW, ...rows.map(view)];
  }

  async historyOf(code: string): Promise<RegistryChangeView[]> {
    return this.history.of(RegistryKind.COUNTRY, this.known(code));
  }

  private known(code: string): string {
    const upper = code.toUpperCase();
    if (!isCountryCode(upper)) {
      throw validationFailed([
        { field: 'code', constraints: ['code must be an ISO 3166-1 alpha-2 country code'] },
      ]);
    }
    return upper;
  }
}

function view(decision: CountryDecision): CountryView {
  return {
    code: decision.code,
    protectsPd: decision.protectsPd,
    reason: decision.reason,
    decidedOn: decision.decidedOn,
    version: decision.version,
    updatedAt: decision.updatedAt.toISOString(),
  };
}
