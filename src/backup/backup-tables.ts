import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/** Rows read per keyset page, and written per insert (bounded by the drivers' placeholder limits). */
const PAGE_ROWS = 1000;
const INSERT_PLACEHOLDERS = 8000;

/**
 * Every table the service owns, as its entities describe it, in an order in which each
 * table comes after the tables its foreign keys point to (none today: references are
 * plain ids; the order keeps restores right if one is added).
 */
export function tablesInOrder(dataSource: DataSource): EntityMetadata[] {
  const all = [...dataSource.entityMetadatas]
    .filter((meta) => meta.tableType === 'regular')
    .sort((a, b) => a.tableName.localeCompare(b.tableName));
  const placed = new Set<string>();
  const ordered: EntityMetadata[] = [];
  const visit = (meta: EntityMetadata, path: Set<string>): void => {
    if (placed.has(meta.tableName) || path.has(meta.tableName)) return;
    path.add(meta.tableName);
    for (const key of meta.foreignKeys) visit(key.referencedEntityMetadata, path);
    placed.add(meta.tableName);
    ordered.push(meta);
  };
  for (const meta of all) visit(meta, new Set());
  return ordered;
}

/** The columns a backup writes for a table, by property, in a fixed order. */
export const columnsOf = (meta: EntityMetadata): string[] =>
  meta.columns.map((column) => column.propertyPath);

/**
 * A table's rows in primary-key order, a page at a time (keyset: `WHERE key > last`), so
 * memory holds one page whatever the table's size. Values are the entities' own (Date,
 * boolean, object), written as JSON with times as ISO 8601: the same on every driver.
 */
export async function* rowsOf(
  manager: EntityManager,
  meta: EntityMetadata,
): AsyncGenerator<unknown[]> {
  const keys = meta.primaryColumns.map((column) => column.propertyPath);
  const columns = meta.columns;
  let last: unknown[] | null = null;
  for (;;) {
    const query = manager.createQueryBuilder(meta.target, 't');
    for (const key of keys) query.addOrderBy(`t.${key}`, 'ASC');
    if (last) query.where(after(keys, last));
    const page = (await query.limit(PAGE_ROWS).getMany()) as object[];
    for (const entity of page) {
      yield columns.map((column) => {
        const value = column.getEntityValue(entity) as unknown;
        return value instanceof Date ? value.toISOString() : (value ?? null);
      });
    }
    if (page.length < PAGE_ROWS) return;
    const end = page[page.length - 1];
    last = meta.primaryColumns.map((column) => column.getEntityValue(end) as unknown);
  }
}

/** `(k1, k2, …) > (v1, v2, …)`, spelled out so every driver uses the key's index. */
function after(keys: string[], values: unknown[]): Brackets {
  return new Brackets((or) => {
    keys.forEach((key, i) => {
      or.orWhere(
        new Brackets((and) => {
          keys.slice(0, i).forEach((earlier, j) => {
            and.andWhere(`t.${earlier} = :k${j}`, { [`k${j}`]: values[j] });
          });
          and.andWhere(`t.${key} > :k${i}`, { [`k${i}`]: values[i] });
        }),
      );
    });
  });
}

/** Writes a table's rows as the file gives them (arrays in the file's column order). */
export type RowWriter = (manager: EntityManager, rows: unknown[][]) => Promise<void>;

/**
 * One multi-row INSERT per call, each value converted by the driver exactly as TypeORM
 * converts an entity's (times, JSON, booleans, transformers), without building entities:
 * restoring a million rows through the query builder spent most of its time there. Null
 * when the file's columns are not this table's (another schema).
 */
export function writerFor(
  dataSource: DataSource,
  meta: EntityMetadata,
  fileColumns: string[],
): { write: RowWriter; rowsPerInsert: number } | null {
  const columns = fileColumns.map((name) => meta.findColumnWithPropertyPath(name));
  if (columns.some((column) => !column) || columns.length !== meta.columns.length) return null;
  const driver = dataSource.driver;
  const known = columns as ColumnMetadata[];
  const time = known.map((column) => column.type === 'datetime' || column.type === 'timestamp');
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${known
    .map((column) => driver.escape(column.databaseName))
    .join(', ')}) VALUES `;
  const tuple = `(${known.map(() => '?').join(', ')})`;
  return {
    rowsPerInsert: Math.max(1, Math.floor(INSERT_PLACEHOLDERS / known.length)),
    write: async (manager, rows) => {
      if (rows.length === 0) return;
      const params: unknown[] = [];
      for (const row of rows) {
        known.forEach((column, i) => {
          const value = time[i] && typeof row[i] === 'string' ? new Date(row[i]) : row[i];
          params.push(driver.preparePersistentValue(value, column));
        });
      }
      await manager.query(head + rows.map(() => tuple).join(', '), params);
    },
  };
}
