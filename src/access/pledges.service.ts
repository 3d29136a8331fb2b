import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { toDbTime } from '../database/db-time';
import { Transactions } from '../database/transactions';
import { notFound } from '../errors/app-error';
import { validationFailed } from '../errors/validation';
import { StaffService } from '../staff/staff.service';
import { PledgeSignature } from './pledge-signature.entity';
import { PledgeVersion } from './pledge-version.entity';
import type {
  PledgeSignatureView,
  PledgeVersionView,
  PublishPledgeVersionDto,
  SignPledgeDto,
} from './pledges.dto';

/**
 * Confidentiality pledges (P10, P11.1). The pledge in force is the latest version already
 * effective; a staff member satisfies condition 3 only by having signed that very
 * version, so publishing a new one makes every older signature insufficient from its
 * effective date.
 */
/**
 * The pledge version in force at a moment (the parameter): the latest effective by then,
 * the later published of two effective at once. The one definition: the access rule's
 * statement and this service both use it.
 */
export function pledgeInForceSql(at: string): string {
  return `SELECT pv.id FROM pledge_versions pv WHERE pv.effectiveFrom <= ${at} ORDER BY pv.effectiveFrom DESC, pv.publishedAt DESC LIMIT 1`;
}

@Injectable()
export class PledgesService {
  constructor(
    @InjectRepository(PledgeVersion) private readonly versions: Repository<PledgeVersion>,
    @InjectRepository(PledgeSignature) private readonly signatures: Repository<PledgeSignature>,
    private readonly staff: StaffService,
    private readonly trail: AuditTrail,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async publish(dto: PublishPledgeVersionDto, ctx: RequestContext): Promise<PledgeVersionView> {
    const now = this.clock.now();
    const version: PledgeVersion = {
      id: randomUUID(),
      text: dto.text,
      textHash: createHash('sha256').update(dto.text, 'utf8').digest('hex'),
      effectiveFrom: dto.effectiveFrom ? new Date(dto.effectiveFrom) : now,
      publishedAt: now,
      publishedBy: ctx.principal.id,
    };
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(PledgeVersion, version);
      await this.trail.record(
        {
          ...originOf(ctx),
          action: AuditAction.PLEDGE_PUBLISH,
          targetId: version.id,
          outcome: AuditOutcome.ALLOWED,
        },
        tx,
      );
    });
    return versionView(version);
  }

  /** The version in force now, or null before any has taken effect. */
  inForce(at?: Date): Promise<PledgeVersion | null> {
    return this.versions
      .createQueryBuilder('v')
      .where(`v.id = (${pledgeInForceSql(':at')})`, {
        at: toDbTime(this.versions.manager, at ?? this.clock.now()),
      })
      .getOne();
  }

  async current(): Promise<PledgeVersionView> {
    const version = await this.inForce();
    if (!version) throw notFound('Pledge version in force');
    return versionView(version);
  }

  /** Whether `staffId` has signed `versionId` (condition 3, with the version in force). */
  hasSigned(staffId: string, versionId: string): Promise<boolean> {
    return this.signatures.exists({ where: { staffId, pledgeVersionId: versionId } });
  }

  /** The caller signs, typing their full name; time, IP and user agent are kept (P10). */
  async sign(dto: SignPledgeDto, ctx: RequestContext): Promise<PledgeSignatureView> {
    const member = await this.staff.get(ctx.principal.id);
    if (comparable(dto.fullName) !== comparable(member.fullName)) {
      throw validationFailed([
        { field: 'fullName', constraints: ['fullName must be your full name as on your account'] },
      ]);
    }
    const version = await this.signable(dto.pledgeVersionId);
    const existing = await this.signatures.findOneBy({
      staffId: ctx.principal.id,
      pledgeVersionId: version.id,
    });
    if (existing) return signatureView(existing);
    const signature: PledgeSignature = {
      id: randomUUID(),
      staffId: ctx.principal.id,
      pledgeVersionId: version.id,
      typedName: dto.fullName.trim(),
      signedAt: this.clock.now(),
      ip: ctx.ip.slice(0, 64),
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    };
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(PledgeSignature, signature);
      await this.trail.record(
        {
          ...originOf(ctx),
          action: AuditAction.PLEDGE_SIGN,
          targetId: version.id,
          outcome: AuditOutcome.ALLOWED,
        },
        tx,
      );
    });
    return signatureView(signature);
  }

  /** The version in force, or an announced later one; never one already superseded. */
  private async signable(id: string | undefined): Promise<PledgeVersion> {
    const current = await this.inForce();
    if (!id) {
      if (!current) throw notFound('Pledge version in force');
      return current;
    }
    const version = await this.versions.findOneBy({ id });
    if (!version) throw notFound('Pledge version');
    if (current && version.id !== current.id && version.effectiveFrom <= current.effectiveFrom) {
      throw validationFailed([
        { field: 'pledgeVersionId', constraints: ['pledgeVersionId names a superseded version'] },
      ]);
    }
    return version;
  }
}

const comparable = (name: string): string =>
  name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru');

function versionView(version: PledgeVersion): PledgeVersionView {
  return {
    id: version.id,
    text: version.text,
    textHash: version.textHash,
    effectiveFrom: version.effectiveFrom.toISOString(),
    publishedAt: version.publishedAt.toISOString(),
  };
}

function signatureView(signature: PledgeSignature): PledgeSignatureView {
  return {
    id: signature.id,
    pledgeVersionId: signature.pledgeVersionId,
    signedAt: signature.signedAt.toISOString(),
  };
}
