import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source';
import { LeasedDataSource } from './src/database/migration-lease';

/**
 * The data source for the TypeORM CLI (`npm run typeorm -- migration:show`), built from the
 * same environment and the same definition as the app. Running or reverting migrations
 * through it takes the migration lease, as an instance's start does.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
export default new LeasedDataSource(dataSourceOptions(loadConfig(process.env).db));
