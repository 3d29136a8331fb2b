import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import type { Env } from './env.schema';

export interface KeyMaterial {
  /**
   * HMAC key for the JWTs of all three audiences, as a KeyObject: given raw bytes,
   * jsonwebtoken re-parses them on every verification.
   */
  jwtKey: KeyObject;
  /** Master keys by id; each wraps subjects' data keys (AES-256-GCM). */
  masterKeys: ReadonlyMap<string, Buffer>;
  /** The master key new data keys are wrapped with; rotation re-wraps onto it. */
  currentMasterKeyId: string;
  /** HMAC key of the blind indexes (email, phone, IIN) and of throttling keys. */
  blindIndexKey: Buffer;
  /** HMAC key of the audit trail's hash chain. */
  auditKey: Buffer;
}

interface StoredKeys {
  jwtSecret: string;
  masterKeys: Record<string, string>;
  masterKeyId: string;
  blindIndexKey: string;
  auditKey: string;
}

const KEY_VARIABLES = ['JWT_SECRET', 'MASTER_KEYS', 'BLIND_INDEX_KEY', 'AUDIT_HMAC_KEY'] as const;

/**
 * Key material comes from the environment. In production a missing key stops the start;
 * elsewhere the missing ones are generated once into `<DATA_DIR>/keys.json` so the
 * embedded default runs with no setup, and a warning says so on every start.
 */
export function resolveKeys(env: Env): { keys: KeyMaterial; warnings: string[] } {
  const missing = KEY_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0 && env.NODE_ENV === 'production') {
    throw new ConfigError(
      `${missing[0]} must be set when NODE_ENV=production (base64 key of 32 bytes)`,
    );
  }
  const warnings: string[] = [];
  const stored = missing.length > 0 ? loadOrCreateKeyFile(env.DATA_DIR, warnings) : undefined;

  const masterKeys = env.MASTER_KEYS
    ? parseMasterKeys(env.MASTER_KEYS)
    : new Map(
        Object.entries(stored!.masterKeys).map(([id, key]) => [id, decodeKey(key, 'MASTER_KEYS')]),
      );
  const currentMasterKeyId =
    env.MASTER_KEY_ID ?? (env.MASTER_KEYS ? [...masterKeys.keys()].at(-1)! : stored!.masterKeyId);
  if (!masterKeys.has(currentMasterKeyId)) {
    throw new ConfigError('MASTER_KEY_ID must be the id of one of MASTER_KEYS');
  }
  for (const [id, key] of masterKeys) {
    if (key.length !== 32)
      throw new ConfigError(`MASTER_KEYS entry "${id}" must decode to exactly 32 bytes`);
  }
  const jwtSecret = decodeKey(env.JWT_SECRET ?? stored!.jwtSecret, 'JWT_SECRET');
  return {
    warnings,
    keys: {
      jwtKey: createSecretKey(jwtSecret),
      masterKeys,
      currentMasterKeyId,
      blindIndexKey: decodeKey(env.BLIND_INDEX_KEY ?? stored!.blindIndexKey, 'BLIND_INDEX_KEY'),
      auditKey: decodeKey(env.AUDIT_HMAC_KEY ?? stored!.auditKey, 'AUDIT_HMAC_KEY'),
    },
  };
}

export function newKey(): string {
  return randomBytes(32).toString('base64');
}

function parseMasterKeys(value: string): Map<string, Buffer> {
  const entries = value.split(',').map((entry) => {
    const [id, key] = entry.split(':');
    return [id, decodeKey(key, 'MASTER_KEYS')] as const;
  });
  const keys = new Map(entries);
  if (keys.size !== entries.length) throw new ConfigError('MASTER_KEYS must not repeat a key id');
  return keys;
}

/** `id:base64key[,id:base64key…]`, each key exactly 32 bytes, no id twice. */
export function parseKeyList(value: string, variable: string): Map<string, Buffer> {
  const entries = value.split(',').map((entry) => {
    const [id, key] = entry.split(':');
    const decoded = decodeKey(key, variable);
    if (decoded.length !== 32)
      throw new ConfigError(`${variable} entry "${id}" must decode to exactly 32 bytes`);
    return [id, decoded] as const;
  });
  const keys = new Map(entries);
  if (keys.size !== entries.length) throw new ConfigError(`${variable} must not repeat a key id`);
  return keys;
}

function decodeKey(value: string, variable: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length < 32)
    throw new ConfigError(`${variable} must be a base64 key of at least 32 bytes`);
  return key;
}

function loadOrCreateKeyFile(dataDir: string, warnings: string[]): StoredKeys {
  const file = join(dataDir, 'keys.json');
  warnings.push(
    `KEYS ARE READ FROM ${file}: fine for a first run or development, never for production. ` +
      'Set JWT_SECRET, MASTER_KEYS, BLIND_INDEX_KEY and AUDIT_HMAC_KEY from a secret store.',
  );
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKeys;
  const created: StoredKeys = {
    jwtSecret: newKey(),
    masterKeys: { k1: newKey() },
    masterKeyId: 'k1',
    blindIndexKey: newKey(),
    auditKey: newKey(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  warnings.push(
    `Generated new keys into ${file}. Losing this file makes the stored PD unreadable.`,
  );
  return created;
}
