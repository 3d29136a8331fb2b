import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_EMAIL = 'admin@pd.test';
export const ADMIN_PASSWORD = 'orchid-lantern-basalt-27';

const key = (): string => randomBytes(32).toString('base64');

/**
 * The environment every test app starts from: fresh random keys, the first admin, no
 * log noise. argon2 runs with lighter (still argon2id) parameters to keep the suite fast;
 * production defaults are in `.env.example`. A file's many staff members would reach the
 * order cap and the detection limits, so those are raised here and lowered by the tests
 * that prove them.
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DOCS_ENABLED: 'true',
    JWT_SECRET: key(),
    MASTER_KEYS: `k1:${key()}`,
    BLIND_INDEX_KEY: key(),
    AUDIT_HMAC_KEY: key(),
    BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    ACCESS_ORDER_CAP_PER_CATEGORY: '1000',
    DETECT_DENIED_LIMIT: '1000',
    DETECT_READ_LIMIT: '1000',
    // Each app its own ledger file, never the repository's ./data.
    ERASURE_LEDGER_PATH: join(
      tmpdir(),
      `pd-erasure-ledger-${randomBytes(6).toString('hex')}.jsonl`,
    ),
    ...overrides,
  };
}
