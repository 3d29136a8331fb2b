import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DbConfig } from '../config/app-config';

const SRC = join(__dirname, '..');

/**
 * The single data source definition: the app, the TypeORM CLI (`ormconfig.ts`) and the
 * migration scripts all build it from here. Schema changes only through the committed
 * migrations of the driver in use; `synchronize` is never on.
 */
export function dataSourceOptions(db: DbConfig): DataSourceOptions {
  const common = {
    entities: [join(SRC, '**', '*.entity.{ts,js}')],
    migrations: [join(SRC, 'database', 'migrations', db.type, '*.{ts,js}')],
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };
  if (db.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      prepareDatabase: (sqlite: { pragma(sql: string): unknown }) => {
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    ...common,
    type: db.mariadb ? 'mariadb' : 'mysql',
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: db.poolSize,
    extra: { connectionLimit: db.poolSize, enableKeepAlive: true },
  };
}
