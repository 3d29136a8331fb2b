import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type Page, type PageQuery, paginate } from '../common/pagination';
import { ActorKind } from './audit-actions';
import { AuditEntry } from './audit-entry.entity';
import type { AccessLogItem, AuditEntryView, AuditQuery } from './audit.dto';

const EXACT_FILTERS = ['actorId', 'subjectId', 'targetId', 'outcome', 'action'] as const;

/** The read side of the trail: filtered pages for auditors, and a subject's own access log. */
@Injectable()
export class AuditLog {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Newest first; `from` inclusive, `to` exclusive. */
  async list(query: AuditQuery): Promise<Page<AuditEntryView>> {
    const builder = this.entries.createQueryBuilder('entry');
    for (const filter of EXACT_FILTERS) {
      if (query[filter])
        builder.andWhere(`entry.${filter} = :${filter}`, { [filter]: query[filter] });
    }
    if (query.from) builder.andWhere('entry.at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('entry.at < :to', { to: new Date(query.to) });
    const page = await paginate(builder, query, 'at');
    return { items: page.items.map(entryView), nextCursor: page.nextCursor };
  }

  /**
   * Who touched a subject's data, when, how and why (P15, DESIGN.md `GET /me/access-log`).
   * Staff appear by role and id, never by name; addresses, request ids and the staff's
   * free-text reasons stay in the auditors' view. The subject's own cabinet reads are left out.
   */
  async accessLog(subjectId: string, page: PageQuery): Promise<Page<AccessLogItem>> {
    const builder = this.entries
      .createQueryBuilder('entry')
      .where('entry.subjectId = :subjectId', { subjectId })
      .andWhere('entry.actorKind <> :own', { own: ActorKind.SUBJECT });
    const found = await paginate(builder, page, 'at');
    return { items: found.items.map(accessLogItem), nextCursor: found.nextCursor };
  }
}

function entryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    chainId: entry.chainId,
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    actorRoles: entry.actorRoles,
    action: entry.action,
    subjectId: entry.subjectId,
    targetId: entry.targetId,
    fields: entry.fields,
    categories: entry.categories,
    operation: entry.operation,
    purpose: entry.purpose,
    reason: entry.reason,
    outcome: entry.outcome,
    code: entry.code,
    requestId: entry.requestId,
    ip: entry.ip,
    identifierHash: entry.identifierHash,
    hash: entry.hash,
  };
}

function accessLogItem(entry: AuditEntry): AccessLogItem {
  return {
    at: entry.at.toISOString(),
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    actorRoles: entry.actorRoles,
    action: entry.action,
    categories: entry.categories,
    operation: entry.operation,
    purpose: entry.purpose,
    outcome: entry.outcome,
  };
}
