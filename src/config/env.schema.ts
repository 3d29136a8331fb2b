import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { toBoolean } from '../common/transforms';
import { IsBin } from '../pd/validation/decorators';

const BASE64_KEY = /^[A-Za-z0-9+/_-]{43,}={0,2}$/;
const HOLIDAY = '(?:\\d{4}-)?(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const HOLIDAY_LIST = new RegExp(`^\\s*${HOLIDAY}(?:\\s*,\\s*${HOLIDAY})*\\s*$`);
const KEY_MESSAGE = '$property must be a base64 key of at least 32 bytes';

@ValidatorConstraint({ name: 'threeCheckpoints' })
class ThreeCheckpoints implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const { AUDIT_CHECKPOINT_SECONDS: every } = args.object as Env;
    // Out-of-range values are Min's and Max's to name; this checks only the relation.
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 3) return true;
    return value >= 3 * every;
  }

  defaultMessage(): string {
    return '$property must be at least three times AUDIT_CHECKPOINT_SECONDS';
  }
}

/**
 * Every environment variable the service reads, with its default and the rule it must
 * meet. `.env.example` documents each one; keep the two in step.
 */
export class Env {
  @IsIn(['development', 'production', 'test'], {
    message: '$property must be one of development, production, test',
  })
  NODE_ENV = 'development';

  @IsString()
  @IsNotEmpty({ message: '$property must be a host name or IP address' })
  HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt({ message: '$property must be a port number (1-65535)' })
  @Min(1, { message: '$property must be a port number (1-65535)' })
  @Max(65535, { message: '$property must be a port number (1-65535)' })
  PORT = 3000;

  @Matches(/^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, {
    message:
      '$property must be true, false, a hop count, or a comma-separated list of proxy addresses',
  })
  TRUST_PROXY = 'false';

  @Type(() => Number)
  @IsInt({ message: '$property must be a size in bytes (1024 or more)' })
  @Min(1024, { message: '$property must be a size in bytes (1024 or more)' })
  BODY_LIMIT_BYTES = 102400;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: '$property must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Unset: on, except in production, where the API's map is not published unless asked. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  DOCS_ENABLED?: boolean;

  @IsString()
  @IsNotEmpty({ message: '$property must be a directory path' })
  DATA_DIR = './data';

  @IsIn(['sqlite', 'mysql'], { message: '$property must be sqlite or mysql' })
  DB_TYPE = 'sqlite';

  @IsOptional()
  @IsString({ message: '$property must be a file path' })
  DB_PATH?: string;

  @ValidateIf((env: Env) => env.DB_TYPE === 'mysql')
  @IsNotEmpty({ message: '$property must be set when DB_TYPE=mysql (the database host)' })
  DB_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt({ message: '$property must be a port number (1-65535)' })
  @Min(1, { message: '$property must be a port number (1-65535)' })
  @Max(65535, { message: '$property must be a port number (1-65535)' })
  DB_PORT = 3306;

  @ValidateIf((env: Env) => env.DB_TYPE === 'mysql')
  @IsNotEmpty({ message: '$property must be set when DB_TYPE=mysql (the database user)' })
  DB_USER?: string;

  @IsString()
  DB_PASSWORD = '';

  @ValidateIf((env: Env) => env.DB_TYPE === 'mysql')
  @Matches(/^[A-Za-z0-9_]{1,64}$/, {
    message: '$property must be set when DB_TYPE=mysql (letters, digits, underscore)',
  })
  DB_NAME?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 200' })
  @Min(1, { message: '$property must be an integer from 1 to 200' })
  @Max(200, { message: '$property must be an integer from 1 to 200' })
  DB_POOL_SIZE = 20;

  @Transform(toBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  DB_MIGRATIONS_RUN = true;

  @IsOptional()
  @Matches(BASE64_KEY, { message: KEY_MESSAGE })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(
    /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43,}={0,2}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43,}={0,2})*$/,
    {
      message: '$property must be a comma-separated list of id:base64key (32-byte keys)',
    },
  )
  MASTER_KEYS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: '$property must be the id of one of MASTER_KEYS' })
  MASTER_KEY_ID?: string;

  @IsOptional()
  @Matches(BASE64_KEY, { message: KEY_MESSAGE })
  BLIND_INDEX_KEY?: string;

  @IsOptional()
  @Matches(BASE64_KEY, { message: KEY_MESSAGE })
  AUDIT_HMAC_KEY?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 64' })
  @Min(1, { message: '$property must be an integer from 1 to 64' })
  @Max(64, { message: '$property must be an integer from 1 to 64' })
  AUDIT_LANES = 8;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds from 1 to 3600' })
  @Min(1, { message: '$property must be a number of seconds from 1 to 3600' })
  @Max(3600, { message: '$property must be a number of seconds from 1 to 3600' })
  AUDIT_CHECKPOINT_SECONDS = 5;

  /** At least three heartbeats fit in it, so a live instance is never taken for a dead one. */
  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds from 3 to 86400' })
  @Min(3, { message: '$property must be a number of seconds from 3 to 86400' })
  @Max(86400, { message: '$property must be a number of seconds from 3 to 86400' })
  @Validate(ThreeCheckpoints)
  AUDIT_ORPHAN_SECONDS = 60;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds from 60 to 3600' })
  @Min(60, { message: '$property must be a number of seconds from 60 to 3600' })
  @Max(3600, { message: '$property must be a number of seconds from 60 to 3600' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsOptional()
  @IsEmail({}, { message: '$property must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @ValidateIf((env: Env) => env.BOOTSTRAP_ADMIN_EMAIL !== undefined)
  @IsNotEmpty({ message: '$property must be set together with BOOTSTRAP_ADMIN_EMAIL' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 1000' })
  @Min(1, { message: '$property must be an integer from 1 to 1000' })
  @Max(1000, { message: '$property must be an integer from 1 to 1000' })
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 100000' })
  @Min(1, { message: '$property must be an integer from 1 to 100000' })
  @Max(100000, { message: '$property must be an integer from 1 to 100000' })
  LOGIN_MAX_FAILURES_PER_IP = 50;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds (60 or more)' })
  @Min(60, { message: '$property must be a number of seconds (60 or more)' })
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 8 to 64' })
  @Min(8, { message: '$property must be an integer from 8 to 64' })
  @Max(64, { message: '$property must be an integer from 8 to 64' })
  PASSWORD_MIN_LENGTH = 12;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 0 to 4' })
  @Min(0, { message: '$property must be an integer from 0 to 4' })
  @Max(4, { message: '$property must be an integer from 0 to 4' })
  PASSWORD_MIN_SCORE = 3;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer (KiB, 1024 or more)' })
  @Min(1024, { message: '$property must be an integer (KiB, 1024 or more)' })
  ARGON2_MEMORY_KIB = 19456;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 10' })
  @Min(1, { message: '$property must be an integer from 1 to 10' })
  @Max(10, { message: '$property must be an integer from 1 to 10' })
  ARGON2_TIME_COST = 2;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of days (1 or more)' })
  @Min(1, { message: '$property must be a number of days (1 or more)' })
  VISIT_RETENTION_DAYS = 365;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of days (1 or more)' })
  @Min(1, { message: '$property must be a number of days (1 or more)' })
  PD_RETENTION_DAYS = 1095;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of days (1 or more)' })
  @Min(1, { message: '$property must be a number of days (1 or more)' })
  MEDIA_RETENTION_DAYS = 30;

  /** Backups (issue 13 §3): `id:base64key` pairs; the last one encrypts new backups. */
  @IsOptional()
  @Matches(
    /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43,}={0,2}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_-]{43,}={0,2})*$/,
    { message: '$property must be a comma-separated list of id:base64key (32-byte keys)' },
  )
  BACKUP_KEY?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of days (1 or more)' })
  @Min(1, { message: '$property must be a number of days (1 or more)' })
  BACKUP_RETENTION_DAYS = 30;

  /** Unset: `<DATA_DIR>/erasure-ledger.jsonl`. */
  @IsOptional()
  @IsString({ message: '$property must be a file path' })
  @IsNotEmpty({ message: '$property must be a file path' })
  ERASURE_LEDGER_PATH?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of days from 1 to 3650' })
  @Min(1, { message: '$property must be a number of days from 1 to 3650' })
  @Max(3650, { message: '$property must be a number of days from 1 to 3650' })
  ACCESS_ORDER_MAX_DAYS = 365;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer (1 or more)' })
  @Min(1, { message: '$property must be an integer (1 or more)' })
  ACCESS_ORDER_CAP_PER_CATEGORY = 10;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer (1 or more)' })
  @Min(1, { message: '$property must be an integer (1 or more)' })
  DETECT_DENIED_LIMIT = 5;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds (1 or more)' })
  @Min(1, { message: '$property must be a number of seconds (1 or more)' })
  DETECT_DENIED_WINDOW_SECONDS = 600;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer (1 or more)' })
  @Min(1, { message: '$property must be an integer (1 or more)' })
  DETECT_READ_LIMIT = 200;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds (1 or more)' })
  @Min(1, { message: '$property must be a number of seconds (1 or more)' })
  DETECT_READ_WINDOW_SECONDS = 3600;

  @IsString()
  @IsNotEmpty({ message: '$property must be the operator name as registered' })
  @MaxLength(200, { message: '$property must be at most 200 characters' })
  OPERATOR_NAME = 'ТОО «Fingram»';

  /** Required in production (checked with the keys, in AppConfig). */
  @IsOptional()
  @IsBin({ message: '$property must be a valid BIN (12 digits, check digit)' })
  OPERATOR_BIN?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: '$property must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @ValidateIf((env: Env) => env.SMTP_URL !== undefined || env.MAIL_FROM !== undefined)
  @IsEmail({}, { message: '$property must be set together with SMTP_URL (an email address)' })
  MAIL_FROM?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of milliseconds from 50 to 600000' })
  @Min(50, { message: '$property must be a number of milliseconds from 50 to 600000' })
  @Max(600000, { message: '$property must be a number of milliseconds from 50 to 600000' })
  MAIL_POLL_MS = 2000;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds from 1 to 3600' })
  @Min(1, { message: '$property must be a number of seconds from 1 to 3600' })
  @Max(3600, { message: '$property must be a number of seconds from 1 to 3600' })
  MAIL_RETRY_BASE_SECONDS = 30;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 50' })
  @Min(1, { message: '$property must be an integer from 1 to 50' })
  @Max(50, { message: '$property must be an integer from 1 to 50' })
  MAIL_MAX_ATTEMPTS = 8;

  /** How long an Idempotency-Key's answer is kept for its client (issue 14 §3). */
  @Type(() => Number)
  @IsInt({ message: '$property must be a number of hours from 1 to 168' })
  @Min(1, { message: '$property must be a number of hours from 1 to 168' })
  @Max(168, { message: '$property must be a number of hours from 1 to 168' })
  IDEMPOTENCY_TTL_HOURS = 24;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of milliseconds from 50 to 600000' })
  @Min(50, { message: '$property must be a number of milliseconds from 50 to 600000' })
  @Max(600000, { message: '$property must be a number of milliseconds from 50 to 600000' })
  WEBHOOK_POLL_MS = 2000;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of seconds from 1 to 3600' })
  @Min(1, { message: '$property must be a number of seconds from 1 to 3600' })
  @Max(3600, { message: '$property must be a number of seconds from 1 to 3600' })
  WEBHOOK_RETRY_BASE_SECONDS = 30;

  @Type(() => Number)
  @IsInt({ message: '$property must be an integer from 1 to 50' })
  @Min(1, { message: '$property must be an integer from 1 to 50' })
  @Max(50, { message: '$property must be an integer from 1 to 50' })
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Plain-http webhook targets; for tests and development only. */
  @Transform(toBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  WEBHOOK_ALLOW_HTTP = false;

  /** Webhook targets on loopback, private or link-local addresses; for tests only. */
  @Transform(toBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  WEBHOOK_ALLOW_PRIVATE = false;

  /** Replaces the default (KZ_FIXED_HOLIDAYS): comma-separated `MM-DD` and/or `YYYY-MM-DD`. */
  @IsOptional()
  @Matches(HOLIDAY_LIST, {
    message: '$property must be a comma-separated list of MM-DD or YYYY-MM-DD dates',
  })
  PUBLIC_HOLIDAYS?: string;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of working days from 1 to 30' })
  @Min(1, { message: '$property must be a number of working days from 1 to 30' })
  @Max(30, { message: '$property must be a number of working days from 1 to 30' })
  DATA_REQUEST_INFORMATION_DAYS = 3;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of working days from 1 to 30' })
  @Min(1, { message: '$property must be a number of working days from 1 to 30' })
  @Max(30, { message: '$property must be a number of working days from 1 to 30' })
  DATA_REQUEST_ACTION_DAYS = 1;

  @Type(() => Number)
  @IsInt({ message: '$property must be a number of minutes from 1 to 480' })
  @Min(1, { message: '$property must be a number of minutes from 1 to 480' })
  @Max(480, { message: '$property must be a number of minutes from 1 to 480' })
  CONSOLE_IDLE_MINUTES = 15;
}
