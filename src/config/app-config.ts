import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { join } from 'node:path';
import { KZ_FIXED_HOLIDAYS } from '../calendar/working-days';
import { ConfigError } from './config-error';
import { Env } from './env.schema';
import { type KeyMaterial, parseKeyList, resolveKeys } from './keys';

export type DbConfig =
  | { type: 'sqlite'; path: string; migrationsRun: boolean }
  | {
      type: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      poolSize: number;
      migrationsRun: boolean;
      /** The server is MariaDB: same SQL, but TypeORM reads MariaDB's schema differently. */
      mariadb?: boolean;
    };

/**
 * The validated configuration, injected by class. Built once at start from the
 * environment by `loadConfig`; nothing else reads `process.env`.
 */
export class AppConfig {
  readonly production: boolean;
  readonly http: {
    host: string;
    port: number;
    trustProxy: boolean | number | string[];
    bodyLimit: number;
  };
  readonly logLevel: string;
  readonly docsEnabled: boolean;
  readonly dataDir: string;
  readonly db: DbConfig;
  readonly keys: KeyMaterial;
  readonly auth: {
    accessTokenTtlSeconds: number;
    bootstrapAdmin?: { email: string; password: string };
    throttle: { maxPerAccount: number; maxPerIp: number; windowSeconds: number };
    password: { minLength: number; minScore: number };
    argon2: { memoryCost: number; timeCost: number };
  };
  /** Days: site visits, PD after withdrawal (P17), an export medium until it must be destroyed (P11.3). */
  readonly retention: { visitDays: number; pdDays: number; mediaDays: number };
  /**
   * Backups (issue 13 §3): their keys by id (none: `backup` and `restore` refuse), the one
   * new backups are encrypted with, and how long a backup medium may be kept.
   */
  readonly backup: {
    keys: ReadonlyMap<string, Buffer>;
    currentKeyId: string | null;
    retentionDays: number;
  };
  /** The erasure ledger's file, kept apart from the backups (every depersonalization, no PD). */
  readonly erasureLedger: { path: string };
  /** Access orders (P10, P11.2): the longest validity, and how many people per category at once. */
  readonly accessOrders: { maxDays: number; capPerCategory: number };
  /**
   * Detection rules over the trail (P16): more than `deniedLimit - 1` denied PD attempts,
   * or reads of more than `readLimit` distinct subjects, by one account within the window.
   */
  readonly detection: {
    deniedLimit: number;
    deniedWindowSeconds: number;
    readLimit: number;
    readWindowSeconds: number;
  };
  /** The PD operator a consent receipt names (the Organization). */
  readonly operator: { name: string; bin: string | null };
  /**
   * The email outbox. Without `smtpUrl` (the embedded default) nothing is sent and
   * messages wait in the outbox (`cli outbox:print` shows them).
   */
  readonly mail: {
    smtpUrl: string | null;
    from: string | null;
    pollMs: number;
    retryBaseSeconds: number;
    maxAttempts: number;
  };
  /** Idempotency-Key answers are kept this long per client (issue 14 §3). */
  readonly idempotency: { ttlHours: number };
  /** Signed event delivery (issue 14 §4). */
  readonly webhooks: {
    pollMs: number;
    retryBaseSeconds: number;
    maxAttempts: number;
    allowHttp: boolean;
    allowPrivate: boolean;
  };
  /** Public holidays for working-day deadlines (`MM-DD` every year, `YYYY-MM-DD` once). */
  readonly calendar: { holidays: readonly string[] };
  /** The console at /console signs its user out after this long without input. */
  readonly console: { idleMinutes: number };
  /** Legal deadlines of data requests, in working days (DESIGN.md, "Legal timings"). */
  readonly dataRequests: { informationDays: number; actionDays: number };
  readonly audit: {
    /** Hash chains each process appends to in parallel (AuditTrail). */
    lanes: number;
    /** How often each process saves its chains' heads, against a cut tail. */
    checkpointSeconds: number;
    /** How long a lane may go without a checkpoint before another instance seals it. */
    orphanSeconds: number;
  };
  readonly warnings: string[];

  constructor(env: Env) {
    const { keys, warnings } = resolveKeys(env);
    this.production = env.NODE_ENV === 'production';
    this.http = {
      host: env.HOST,
      port: env.PORT,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      bodyLimit: env.BODY_LIMIT_BYTES,
    };
    this.logLevel = env.LOG_LEVEL;
    this.docsEnabled = env.DOCS_ENABLED ?? !this.production;
    this.dataDir = env.DATA_DIR;
    this.db =
      env.DB_TYPE === 'mysql'
        ? {
            type: 'mysql',
            host: env.DB_HOST,
            port: env.DB_PORT,
            user: env.DB_USER!,
            password: env.DB_PASSWORD,
            database: env.DB_NAME!,
            poolSize: env.DB_POOL_SIZE,
            migrationsRun: env.DB_MIGRATIONS_RUN,
          }
        : {
            type: 'sqlite',
            path: env.DB_PATH ?? join(env.DATA_DIR, 'pd.sqlite'),
            migrationsRun: env.DB_MIGRATIONS_RUN,
          };
    this.keys = keys;
    this.auth = {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      bootstrapAdmin:
        env.BOOTSTRAP_ADMIN_EMAIL && env.BOOTSTRAP_ADMIN_PASSWORD
          ? { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD }
          : undefined,
      throttle: {
        maxPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
      },
      password: { minLength: env.PASSWORD_MIN_LENGTH, minScore: env.PASSWORD_MIN_SCORE },
      argon2: { memoryCost: env.ARGON2_MEMORY_KIB, timeCost: env.ARGON2_TIME_COST },
    };
    this.retention = {
      visitDays: env.VISIT_RETENTION_DAYS,
      pdDays: env.PD_RETENTION_DAYS,
      mediaDays: env.MEDIA_RETENTION_DAYS,
    };
    const backupKeys: ReadonlyMap<string, Buffer> = env.BACKUP_KEY
      ? parseKeyList(env.BACKUP_KEY, 'BACKUP_KEY')
      : new Map<string, Buffer>();
    this.backup = {
      keys: backupKeys,
      currentKeyId: [...backupKeys.keys()].at(-1) ?? null,
      retentionDays: env.BACKUP_RETENTION_DAYS,
    };
    this.erasureLedger = {
      path: env.ERASURE_LEDGER_PATH ?? join(env.DATA_DIR, 'erasure-ledger.jsonl'),
    };
    this.accessOrders = {
      maxDays: env.ACCESS_ORDER_MAX_DAYS,
      capPerCategory: env.ACCESS_ORDER_CAP_PER_CATEGORY,
    };
    this.detection = {
      deniedLimit: env.DETECT_DENIED_LIMIT,
      deniedWindowSeconds: env.DETECT_DENIED_WINDOW_SECONDS,
      readLimit: env.DETECT_READ_LIMIT,
      readWindowSeconds: env.DETECT_READ_WINDOW_SECONDS,
    };
    if (this.production && !env.OPERATOR_BIN) {
      throw new ConfigError(
        'OPERATOR_BIN must be set when NODE_ENV=production (the operator BIN a consent receipt states)',
      );
    }
    this.operator = { name: env.OPERATOR_NAME, bin: env.OPERATOR_BIN ?? null };
    this.mail = {
      smtpUrl: env.SMTP_URL ?? null,
      from: env.MAIL_FROM ?? null,
      pollMs: env.MAIL_POLL_MS,
      retryBaseSeconds: env.MAIL_RETRY_BASE_SECONDS,
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
    };
    this.idempotency = { ttlHours: env.IDEMPOTENCY_TTL_HOURS };
    this.webhooks = {
      pollMs: env.WEBHOOK_POLL_MS,
      retryBaseSeconds: env.WEBHOOK_RETRY_BASE_SECONDS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      allowHttp: env.WEBHOOK_ALLOW_HTTP,
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    };
    this.console = { idleMinutes: env.CONSOLE_IDLE_MINUTES };
    this.calendar = {
      holidays: env.PUBLIC_HOLIDAYS
        ? env.PUBLIC_HOLIDAYS.split(',').map((entry) => entry.trim())
        : KZ_FIXED_HOLIDAYS,
    };
    this.dataRequests = {
      informationDays: env.DATA_REQUEST_INFORMATION_DAYS,
      actionDays: env.DATA_REQUEST_ACTION_DAYS,
    };
    this.audit = {
      lanes: env.AUDIT_LANES,
      checkpointSeconds: env.AUDIT_CHECKPOINT_SECONDS,
      orphanSeconds: env.AUDIT_ORPHAN_SECONDS,
    };
    this.warnings = warnings;
  }
}

/**
 * Validates the environment; throws a ConfigError whose one-line message names each
 * failing variable and what it expects. Empty values count as unset.
 */
export function loadConfig(source: NodeJS.ProcessEnv): AppConfig {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const env = plainToInstance(Env, present, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => Object.values(error.constraints ?? {})[0]);
    throw new ConfigError(lines.join('; '));
  }
  return new AppConfig(env);
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}
