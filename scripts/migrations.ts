/**
 * Schema changes, for both drivers at once.
 *
 *   npm run migrations:generate -- <Name>   writes src/database/migrations/{sqlite,mysql}/<ts>-<Name>.ts
 *   npm run migrations:check                fails when the entities and the migrations disagree
 *
 * Each run applies the committed migrations to a new empty database (a temporary SQLite
 * file; a scratch database on the MySQL/MariaDB server of TEST_DB_* or DB_*), then asks
 * TypeORM what the entities still need. `--driver sqlite|mysql` limits it to one.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { createScratchDatabase, type Driver } from '../test/support/databases';

interface Pending {
  up: string[];
  down: string[];
}

async function pendingChanges(driver: Driver): Promise<Pending> {
  const scratch = await createScratchDatabase(driver, 'schema');
  const dataSource = new DataSource(dataSourceOptions(scratch.db));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((query) => query.query),
      down: sql.downQueries.map((query) => query.query).reverse(),
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await scratch.drop();
  }
}

const literal = (query: string): string =>
  '`' + query.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${') + '`';

async function writeMigration(
  driver: Driver,
  name: string,
  timestamp: number,
  pending: Pending,
): Promise<string> {
  const className = `${name}${timestamp}`;
  const body = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${literal(query)});`).join('\n');
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${body(pending.up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${body(pending.down)}
  }
}
`;
  const file = join(
    __dirname,
    '..',
    'src',
    'database',
    'migrations',
    driver,
    `${timestamp}-${name}.ts`,
  );
  writeFileSync(
    file,
    await format(source, {
      parser: 'typescript',
      singleQuote: true,
      printWidth: 100,
      trailingComma: 'all',
    }),
  );
  return file;
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const only = process.argv.find((arg) => arg.startsWith('--driver='))?.split('=')[1] as
    Driver | undefined;
  const drivers: Driver[] = only ? [only] : ['sqlite', 'mysql'];
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    throw new Error('usage: migrations generate <PascalCaseName>');
  }
  const timestamp = Date.now();
  let failed = false;
  for (const driver of drivers) {
    const pending = await pendingChanges(driver);
    if (command === 'check') {
      if (pending.up.length > 0) {
        failed = true;
        console.error(
          `${driver}: entities and migrations disagree; missing:\n  ${pending.up.join('\n  ')}`,
        );
      } else {
        console.log(`${driver}: entities and migrations agree`);
      }
    } else if (command === 'generate') {
      if (pending.up.length === 0) console.log(`${driver}: no changes`);
      else
        console.log(`${driver}: wrote ${await writeMigration(driver, name, timestamp, pending)}`);
    } else {
      throw new Error('usage: migrations generate <Name> | check [--driver=sqlite|mysql]');
    }
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
