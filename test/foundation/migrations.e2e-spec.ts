import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { driver } from '../support/app';
import { createScratchDatabase, type ScratchDatabase } from '../support/databases';

describe(`Migrations on an empty ${driver} database`, () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase(driver, 'migrate');
    dataSource = new DataSource(dataSourceOptions(scratch.db));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await scratch.drop();
  });

  it('apply cleanly and leave nothing for the entities to change', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('revert cleanly, one by one, back to an empty schema', async () => {
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const sql =
      driver === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence')"
        : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> 'migrations'";
    expect(await dataSource.query(sql)).toEqual([]);
  });
});
