import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { ConfigError } from './config-error';
import { newKey } from './keys';

const keys = {
  JWT_SECRET: newKey(),
  MASTER_KEYS: `a:${newKey()},b:${newKey()}`,
  BLIND_INDEX_KEY: newKey(),
  AUDIT_HMAC_KEY: newKey(),
};

const failure = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ ...keys });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      bodyLimit: 102400,
    });
    expect(config.db).toEqual({
      type: 'sqlite',
      path: join('./data', 'pd.sqlite'),
      migrationsRun: true,
    });
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.auth.argon2).toEqual({ memoryCost: 19456, timeCost: 2 });
    expect(config.keys.currentMasterKeyId).toBe('b');
    expect(config.audit).toEqual({ lanes: 8, checkpointSeconds: 5, orphanSeconds: 60 });
  });

  it('names the variable and what it expects', () => {
    expect(failure({ ...keys, PORT: 'eighty' })).toBe('PORT must be a port number (1-65535)');
    expect(failure({ ...keys, DB_TYPE: 'postgres' })).toBe('DB_TYPE must be sqlite or mysql');
    expect(failure({ ...keys, DB_MIGRATIONS_RUN: 'maybe' })).toBe(
      'DB_MIGRATIONS_RUN must be true or false',
    );
    expect(failure({ ...keys, JWT_SECRET: 'short' })).toBe(
      'JWT_SECRET must be a base64 key of at least 32 bytes',
    );
    expect(failure({ ...keys, AUDIT_LANES: '0' })).toBe(
      'AUDIT_LANES must be an integer from 1 to 64',
    );
    expect(failure({ ...keys, AUDIT_LANES: '65' })).toBe(
      'AUDIT_LANES must be an integer from 1 to 64',
    );
    expect(failure({ ...keys, AUDIT_ORPHAN_SECONDS: '14' })).toBe(
      'AUDIT_ORPHAN_SECONDS must be at least three times AUDIT_CHECKPOINT_SECONDS',
    );
    expect(failure({ ...keys, AUDIT_ORPHAN_SECONDS: '2', AUDIT_CHECKPOINT_SECONDS: '1' })).toBe(
      'AUDIT_ORPHAN_SECONDS must be a number of seconds from 3 to 86400',
    );
    expect(
      loadConfig({ ...keys, AUDIT_CHECKPOINT_SECONDS: '1', AUDIT_ORPHAN_SECONDS: '3' }).audit,
    ).toMatchObject({
      checkpointSeconds: 1,
      orphanSeconds: 3,
    });
    expect(failure({ ...keys, MASTER_KEY_ID: 'c' })).toBe(
      'MASTER_KEY_ID must be the id of one of MASTER_KEYS',
    );
  });

  it('takes the working-day calendar and the data-request deadlines from the environment', () => {
    const defaults = loadConfig({ ...keys });
    expect(defaults.calendar.holidays).toContain('12-16');
    expect(defaults.dataRequests).toEqual({ informationDays: 3, actionDays: 1 });
    const custom = loadConfig({
      ...keys,
      PUBLIC_HOLIDAYS: '01-01, 2026-06-16',
      DATA_REQUEST_INFORMATION_DAYS: '5',
      DATA_REQUEST_ACTION_DAYS: '2',
    });
    expect(custom.calendar.holidays).toEqual(['01-01', '2026-06-16']);
    expect(custom.dataRequests).toEqual({ informationDays: 5, actionDays: 2 });
    expect(failure({ ...keys, PUBLIC_HOLIDAYS: '2026-13-01' })).toBe(
      'PUBLIC_HOLIDAYS must be a comma-separated list of MM-DD or YYYY-MM-DD dates',
    );
    expect(failure({ ...keys, DATA_REQUEST_ACTION_DAYS: '0' })).toBe(
      'DATA_REQUEST_ACTION_DAYS must be a number of working days from 1 to 30',
    );
  });

  it('requires the MySQL connection settings when DB_TYPE=mysql', () => {
    expect(failure({ ...keys, DB_TYPE: 'mysql' })).toBe(
      'DB_USER must be set when DB_TYPE=mysql (the database user); DB_NAME must be set when DB_TYPE=mysql (letters, digits, underscore)',
    );
    const config = loadConfig({ ...keys, DB_TYPE: 'mysql', DB_USER: 'pd', DB_NAME: 'pd_prod' });
    expect(config.db).toMatchObject({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'pd',
      database: 'pd_prod',
    });
  });

  it('serves /docs by default, but in production only with DOCS_ENABLED=true', () => {
    const production = { ...keys, NODE_ENV: 'production', OPERATOR_BIN: '050440000121' };
    expect(loadConfig({ ...keys }).docsEnabled).toBe(true);
    expect(loadConfig(production).docsEnabled).toBe(false);
    expect(loadConfig({ ...production, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
    expect(loadConfig({ ...keys, DOCS_ENABLED: 'false' }).docsEnabled).toBe(false);
  });

  it('refuses to start in production without keys from the environment', () => {
    expect(failure({ NODE_ENV: 'production' })).toBe(
      'JWT_SECRET must be set when NODE_ENV=production (base64 key of 32 bytes)',
    );
  });

  it('generates the embedded keys once, readable only by the owner, and reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-keys-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.warnings.join(' ')).toContain('never for production');
    expect(second.keys.jwtKey.export().equals(first.keys.jwtKey.export())).toBe(true);
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).masterKeyId).toBe('k1');
  });
});
