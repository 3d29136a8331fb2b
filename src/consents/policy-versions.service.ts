import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { type Page, type PageQuery, paginate } from '../common/pagination';
import { isDuplicateKey } from '../database/db-errors';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { ConsentLedger } from './consent-ledger';
import type { PendingAcceptancesView } from './consents.dto';
import { PolicyChangeNotices } from './policy-change-notices';
import { PolicyVersion } from './policy-version.entity';
import type {
  PolicyVersionListQuery,
  PolicyVersionView,
  PublishedPolicyVersionView,
  PublishPolicyVersionDto,
} from './policy-versions.dto';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookEvent } from '../webhooks/vocabulary';

/** Versions of the privacy policy (P20); the one in force is the latest already effective. */
@Injectable()
export class PolicyVersionsService {
  constructor(
    @InjectRepository(PolicyVersion) private readonly versions: Repository<PolicyVersion>,
    private readonly ledger: ConsentLedger,
    private readonly notices: PolicyChangeNotices,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /** Publishes a version; a significant one queues its email notices in the same transaction (P20). */
  async publish(
    dto: PublishPolicyVersionDto,
    ctx: RequestContext,
  ): Promise<PublishedPolicyVersionView> {
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
      const noticesQueued = await this.transactions.run(async (tx) => {
        await tx.manager.insert(PolicyVersion, version);
        const queued = version.significant ? await this.notices.queue(version, tx) : 0;
        await this.audit.record(
          {
            ...originOf(ctx),
            action: AuditAction.POLICY_PUBLISH,
            outcome: AuditOutcome.ALLOWED,
            targetId: version.id,
          },
          tx,
        );
        await this.webhooks.emit(
          WebhookEvent.POLICY_PUBLISHED,
          {
            policyVersionId: version.id,
            effectiveAt: version.effectiveAt.toISOString(),
            significant: version.significant,
          },
          tx,
        );
        return queued;
      });
      return { ...view(version), noticesQueued };
    } catch (error) {
      if (isDuplicateKey(error))
        throw new AppError('ALREADY_EXISTS', 'A policy version with this label exists', {
          field: 'label',
        });
      throw error;
    }
  }

  /** The version in force at `at` (now when omitted), or null before any has taken effect. */
  inForce(tx?: Tx, at?: Date): Promise<PolicyVersion | null> {
    const repository = tx ? tx.manager.getRepository(PolicyVersion) : this.versions;
    return repository.findOne({
      where: { effectiveAt: LessThanOrEqual(at ?? this.clock.now()) },
      order: { effectiveAt: 'DESC', publishedAt: 'DESC' },
    });
  }

  find(id: string): Promise<PolicyVersion | null> {
    return this.versions.findOneBy({ id });
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

  /**
   * Who has not accepted the version yet (P20): subjects whose PD_PROCESSING consent is in
   * force under an earlier version. Paginated by subject id, with the total count.
   */
  async pendingAcceptances(id: string, query: PageQuery): Promise<PendingAcceptancesView> {
    const version = await this.find(id);
    if (!version) throw notFound('Policy version');
    const limit = query.limit ?? 50;
    const [holders, count] = await Promise.all([
      this.ledger.holdersOfEarlier(version, {
        after: decodeCursor(query.cursor),
        limit: limit + 1,
      }),
      this.ledger.countHoldersOfEarlier(version),
    ]);
    const items = holders.slice(0, limit);
    return {
      policyVersionId: id,
      count,
      items: items.map((holder) => ({
        subjectId: holder.subjectId,
        policyVersionId: holder.policyVersionId,
        since: holder.since.toISOString(),
      })),
      nextCursor:
        holders.length > limit
          ? Buffer.from(items[limit - 1].subjectId).toString('base64url')
          : null,
    };
  }
}

function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const subjectId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (/^[0-9a-f-]{36}$/.test(subjectId)) return subjectId;
  throw validationFailed([
    { field: 'cursor', constraints: ['cursor must be a cursor returned by a previous page'] },
  ]);
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
