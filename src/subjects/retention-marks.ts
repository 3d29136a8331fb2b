import { Injectable } from '@nestjs/common';
import { type Page, decodeCursor, encodeCursor } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { Subject } from './subject.entity';

/** A subject whose retention term ends at `depersonalizeAfter` (P17). No PD. */
export interface RetentionMark {
  subjectId: string;
  depersonalizeAfter: Date;
}

/**
 * The read model of the subjects marked for depersonalization, published by the owner of
 * the subjects table for the retention run and the officer's view of what is due.
 * Soonest first, keyset-paged on (depersonalizeAfter, id) over its own index.
 */
@Injectable()
export class RetentionMarks {
  constructor(private readonly transactions: Transactions) {}

  async due(before: Date, limit: number, cursor?: string): Promise<Page<RetentionMark>> {
    const query = this.transactions.connected((db) => {
      const builder = db
        .createQueryBuilder(Subject, 's')
        .select(['s.id', 's.depersonalizeAfter'])
        .where('s.depersonalizedAt IS NULL')
        .andWhere('s.depersonalizeAfter <= :before', { before });
      if (cursor) {
        const after = decodeCursor(cursor);
        builder.andWhere(
          '(s.depersonalizeAfter > :afterTime OR (s.depersonalizeAfter = :afterTime AND s.id > :afterId))',
          { afterTime: new Date(after.t), afterId: after.id },
        );
      }
      return builder
        .orderBy('s.depersonalizeAfter', 'ASC')
        .addOrderBy('s.id', 'ASC')
        .take(limit + 1)
        .getMany();
    });
    const rows = await query;
    const items = rows
      .slice(0, limit)
      .map((row) => ({ subjectId: row.id, depersonalizeAfter: row.depersonalizeAfter! }));
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ t: last.depersonalizeAfter.toISOString(), id: last.subjectId })
        : null;
    return { items, nextCursor };
  }

  async countDue(before: Date): Promise<number> {
    return this.transactions.connected((db) =>
      db
        .createQueryBuilder(Subject, 's')
        .where('s.depersonalizedAt IS NULL')
        .andWhere('s.depersonalizeAfter <= :before', { before })
        .getCount(),
    );
  }
}
