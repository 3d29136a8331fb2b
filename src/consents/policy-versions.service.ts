import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { PolicyVersion } from './policy-version.entity';
import type {
  PolicyVersionListQuery,
  PolicyVersionView,
  PublishPolicyVersionDto,
} from './policy-versions.dto';

/** Versions of the privacy policy (P20); the one in force is the latest already effective. */
@Injectable()
export class PolicyVersionsService {
  constructor(
    @InjectRepository(PolicyVersion) private readonly versions: Repository<PolicyVersion>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async publish(dto: PublishPolicyVersionDto, ctx: RequestContext): Promise<PolicyVersionView> {
    const now = this.clock.now();
    const version: PolicyVersion = {
      id: randomUUID(),
      label: dto.label,
      text: dto.text,
      textKk: dto.textKk ?? null,
      textEn: dto.textEn ?? null,
      textHash: createHash('sha256').update(dto.text, 'utf8').digest('hex'),
      effectiveAt: dto.effectiveAt ? new Date(dto.effectiveAt) : now,
      significant: dto.significant,
      publishedAt: now,
      publishedBy: ctx.principal.id,
    };
    try {
      await this.transactions.write((db) => db.insert(PolicyVersion, version));
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError('ALREADY_EXISTS', 'A policy version with this label exists', {
          field: 'label',
        });
      throw error;
    }
    return view(version);
  }

  /** The version in force now, or null before any has taken effect. */
  inForce(tx?: Tx): Promise<PolicyVersion | null> {
    const repository = tx ? tx.manager.getRepository(PolicyVersion) : this.versions;
    return repository.findOne({
      where: { effectiveAt: LessThanOrEqual(this.clock.now()) },
      order: { effectiveAt: 'DESC', publishedAt: 'DESC' },
    });
  }

  async current(): Promise<PolicyVersionView> {
    const version = await this.inForce();
    if (!version) throw notFound('Policy version in force');
    return view(version);
  }

  async list(query: PolicyVersionListQuery): Promise<Page<PolicyVersionView>> {
    const page = await paginate(this.versions.createQueryBuilder('version'), query, 'publishedAt');
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }
}

function view(version: PolicyVersion): PolicyVersionView {
  return {
    id: version.id,
    label: version.label,
    text: version.text,
    textKk: version.textKk,
    textEn: version.textEn,
    textHash: version.textHash,
    effectiveAt: version.effectiveAt.toISOString(),
    significant: version.significant,
    publishedAt: version.publishedAt.toISOString(),
  };
}
