import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { validationFailed } from '../errors/validation';
import { canonicalId } from './id-param';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, {
    message: 'cursor must be a cursor returned by a previous page',
  })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Position {
  t: string;
  id: string;
}

/** The properties of T that hold a Date: what a page can be ordered by. */
export type TimeKey<T> = { [K in keyof T]: T[K] extends Date ? K : never }[keyof T] & string;

/**
 * Keyset pagination, newest first, on (time, id): stable under concurrent inserts and as
 * fast on the millionth page as on the first. The time column is `createdAt` unless
 * another is named (the audit trail pages by `at`).
 */
export function paginate<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
): Promise<Page<T>>;
export function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
  timeColumn: TimeKey<T>,
): Promise<Page<T>>;
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  page: PageQuery,
  timeColumn: string = 'createdAt',
): Promise<Page<T>> {
  const limit = page.limit ?? 50;
  const alias = query.alias;
  if (page.cursor) {
    const at = decodeCursor(page.cursor);
    query.andWhere(
      `(${alias}.${timeColumn} < :cursorTime OR (${alias}.${timeColumn} = :cursorTime AND ${alias}.id < :cursorId))`,
      { cursorTime: new Date(at.t), cursorId: at.id },
    );
  }
  const rows = await query
    .orderBy(`${alias}.${timeColumn}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ t: (last[timeColumn] as Date).toISOString(), id: last.id })
      : null;
  return { items, nextCursor };
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Refuses, as VALIDATION_FAILED, a cursor this service did not make. */
export function decodeCursor(cursor: string): Position {
  try {
    const position = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as Partial<Position>;
    const id = canonicalId(position.id);
    if (typeof position.t === 'string' && id !== null && !Number.isNaN(Date.parse(position.t))) {
      return { t: position.t, id };
    }
  } catch {
    // fall through to the refusal below
  }
  throw validationFailed([
    { field: 'cursor', constraints: ['cursor must be a cursor returned by a previous page'] },
  ]);
}
