import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source';

/**
 * The data source for the TypeORM CLI (`npm run typeorm -- migration:show`), built from the
 * same environment and the same definition as the app.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
export default new DataSource(dataSourceOptions(loadConfig(process.env).db));
