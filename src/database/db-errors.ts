import { QueryFailedError } from 'typeorm';

/** A unique index refused the row (MySQL/MariaDB ER_DUP_ENTRY or SQLite UNIQUE). */
export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; errno?: number };
  return (
    driver.code === 'ER_DUP_ENTRY' ||
    driver.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
