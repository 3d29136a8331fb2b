import { Column, type ColumnOptions, PrimaryColumn } from 'typeorm';

/*
 * Portable column types: the same entity must map identically on SQLite, MySQL 8,
 * MariaDB and MySQL-compatible distributed databases, so ids are application-made
 * UUID strings (no auto-increment, no native uuid type), times are UTC datetimes with
 * milliseconds, and structured values are JSON text.
 */

/** Nullable columns say `default: null` so MariaDB's reported default matches the entity. */
const nullDefault = (options: ColumnOptions): ColumnOptions =>
  options.nullable ? { default: null, ...options } : options;

export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });

export const RefColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, ...nullDefault(options) });

export const TimeColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, ...nullDefault(options) });

export const JsonColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'simple-json', ...nullDefault(options) });

/** Hex HMAC-SHA256 (blind indexes, hash-chain links, throttling keys). */
export const DigestColumn = (options: ColumnOptions = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 64, ...nullDefault(options) });
