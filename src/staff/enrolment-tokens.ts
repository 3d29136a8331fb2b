import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { shownInAlmaty } from '../calendar/working-days';
import { Clock } from '../common/clock';
import { KeyedHash } from '../crypto/keyed-hash';
import type { Tx } from '../database/transactions';
import { Outbox } from '../mail/outbox';
import { MailRenderers, type OutboxEntry, type Rendering } from '../mail/renderers';
import { MailKind } from '../mail/vocabulary';
import { StaffEnrolment } from './staff-enrolment.entity';
import { StaffMember } from './staff-member.entity';

/** How long an enrolment token lasts (DESIGN.md: 24 h). */
export const ENROLMENT_TTL_MS = 24 * 3_600_000;

const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The token of an enrolment: only from the server's keyed hash, so knowing the id (the
 * outbox shows it) is not enough. Whoever holds the keys (the server's operator) can
 * derive it, as the outbox does when it renders the email.
 */
export const enrolmentToken = (hash: KeyedHash, enrolmentId: string): string =>
  `pden_${hash.digest('staff-enrolment', enrolmentId)}`;

/**
 * One-time enrolment tokens: the only way a staff password gets set, so that nobody but
 * the person ever knows it (four eyes, P9–P11).
 *
 * The token is never stored, shown in an API answer, logged or printed: it is derived
 * from the enrolment's id under the server's keyed hash when the email is rendered (the
 * outbox row names only the enrolment, as every outbox row names only what it is about),
 * and the table keeps its SHA-256 to find the row. An administrator, who may read staff
 * rows but holds no key, cannot compute it; the email is marked confidential so
 * `outbox:print` leaves its text out. Single use (a conditional update), 24 h, and every
 * new token for an account revokes the ones before it.
 */
@Injectable()
export class EnrolmentTokens implements OnModuleInit {
  constructor(
    @InjectRepository(StaffEnrolment) private readonly enrolments: Repository<StaffEnrolment>,
    @InjectRepository(StaffMember) private readonly members: Repository<StaffMember>,
    private readonly outbox: Outbox,
    private readonly renderers: MailRenderers,
    private readonly hash: KeyedHash,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.renderers.register(MailKind.STAFF_ENROLMENT, (entry) => this.render(entry));
  }

  /**
   * A new token for the account, replacing any unused one, in the caller's transaction;
   * mailed unless `mail` is false (the first officer's, printed by the command line).
   */
  async issue(
    staffId: string,
    issuedBy: string | null,
    tx: Tx,
    { mail = true }: { mail?: boolean } = {},
  ): Promise<string> {
    const now = this.clock.now();
    await tx.manager.update(
      StaffEnrolment,
      { staffId, usedAt: IsNull(), revokedAt: IsNull() },
      { revokedAt: now },
    );
    const id = randomUUID();
    const token = this.tokenOf(id);
    await tx.manager.insert(StaffEnrolment, {
      id,
      staffId,
      tokenDigest: digestOf(token),
      issuedBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ENROLMENT_TTL_MS),
      usedAt: null,
      revokedAt: null,
    });
    if (mail) {
      await this.outbox.enqueue(
        [{ kind: MailKind.STAFF_ENROLMENT, subjectId: staffId, reference: id }],
        tx,
      );
    }
    return token;
  }

  /** The enrolment a token opens, while unused, not replaced and not expired. */
  usable(token: string): Promise<StaffEnrolment | null> {
    return this.enrolments.findOneBy({
      tokenDigest: digestOf(token),
      usedAt: IsNull(),
      revokedAt: IsNull(),
      expiresAt: MoreThan(this.clock.now()),
    });
  }

  /**
   * The account a token was issued for, used, replaced or expired alike: a refused
   * enrolment's audit entry names it, so a replayed token shows against its account.
   */
  async ownerOf(token: string): Promise<string | null> {
    const enrolment = await this.enrolments.findOne({
      where: { tokenDigest: digestOf(token) },
      select: { id: true, staffId: true },
    });
    return enrolment?.staffId ?? null;
  }

  /** Uses the token up; false when a concurrent enrolment (or a new token) came first. */
  async consume(enrolment: StaffEnrolment, tx: Tx): Promise<boolean> {
    const result = await tx.manager.update(
      StaffEnrolment,
      { id: enrolment.id, usedAt: IsNull(), revokedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return result.affected === 1;
  }

  private tokenOf(enrolmentId: string): string {
    return enrolmentToken(this.hash, enrolmentId);
  }

  private async render(entry: OutboxEntry): Promise<Rendering> {
    const enrolment = await this.enrolments.findOneBy({ id: entry.reference });
    if (!enrolment || enrolment.staffId !== entry.subjectId) return { skip: 'NO_ENROLMENT' };
    if (enrolment.usedAt || enrolment.revokedAt) return { skip: 'TOKEN_SPENT' };
    if (enrolment.expiresAt <= this.clock.now()) return { skip: 'TOKEN_EXPIRED' };
    const member = await this.members.findOneBy({ id: enrolment.staffId });
    if (!member?.active) return { skip: 'NO_RECIPIENT' };
    const until = shownInAlmaty(enrolment.expiresAt, true);
    const token = this.tokenOf(enrolment.id);
    return {
      mail: {
        to: { name: member.fullName, address: member.email },
        subject: 'PD back office: задайте свой пароль / set your password',
        text: [
          `Здравствуйте, ${member.fullName}!`,
          '',
          'Для вашей учётной записи сотрудника выпущен одноразовый код. Задайте с ним свой',
          `пароль (POST /api/v1/auth/staff/enrol) до ${until} по времени Алматы. Код действует`,
          'один раз и известен только вам: никому его не сообщайте.',
          '',
          `    ${token}`,
          '',
          'A one-time enrolment token was issued for your staff account. Set your own password',
          `with it (POST /api/v1/auth/staff/enrol) before ${until}, Almaty time. It works once`,
          'and is known only to you: never share it.',
        ].join('\n'),
        confidential: true,
      },
    };
  }
}
