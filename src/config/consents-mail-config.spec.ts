import { loadConfig } from './app-config';
import { ConfigError } from './config-error';
import { newKey } from './keys';

const keys = {
  JWT_SECRET: newKey(),
  MASTER_KEYS: `k1:${newKey()}`,
  BLIND_INDEX_KEY: newKey(),
  AUDIT_HMAC_KEY: newKey(),
};
const BIN = '050440000121';

const failure = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('consent receipt and email settings', () => {
  it('applies the documented defaults: no SMTP, three years of retention, the operator without a BIN', () => {
    const config = loadConfig({ ...keys });
    expect(config.retention.pdDays).toBe(1095);
    expect(config.operator).toEqual({ name: 'ТОО «Fingram»', bin: null });
    expect(config.mail).toEqual({
      smtpUrl: null,
      from: null,
      pollMs: 2000,
      retryBaseSeconds: 30,
      maxAttempts: 8,
    });
  });

  it('requires a valid OPERATOR_BIN in production, after the keys', () => {
    expect(failure({ NODE_ENV: 'production' })).toContain('JWT_SECRET');
    expect(failure({ ...keys, NODE_ENV: 'production' })).toBe(
      'OPERATOR_BIN must be set when NODE_ENV=production (the operator BIN a consent receipt states)',
    );
    expect(failure({ ...keys, OPERATOR_BIN: '050440000122' })).toBe(
      'OPERATOR_BIN must be a valid BIN (12 digits, check digit)',
    );
    expect(loadConfig({ ...keys, NODE_ENV: 'production', OPERATOR_BIN: BIN }).operator.bin).toBe(
      BIN,
    );
  });

  it('needs MAIL_FROM with SMTP_URL, and names malformed mail settings', () => {
    expect(failure({ ...keys, SMTP_URL: 'smtp://relay.example.kz:587' })).toBe(
      'MAIL_FROM must be set together with SMTP_URL (an email address)',
    );
    expect(failure({ ...keys, SMTP_URL: 'http://relay' })).toContain(
      'SMTP_URL must be an smtp:// or smtps:// URL',
    );
    expect(failure({ ...keys, MAIL_MAX_ATTEMPTS: '0' })).toBe(
      'MAIL_MAX_ATTEMPTS must be an integer from 1 to 50',
    );
    const config = loadConfig({
      ...keys,
      SMTP_URL: 'smtps://user:pass@relay.example.kz',
      MAIL_FROM: 'privacy@fingram.kz',
      MAIL_POLL_MS: '500',
    });
    expect(config.mail).toMatchObject({
      smtpUrl: 'smtps://user:pass@relay.example.kz',
      from: 'privacy@fingram.kz',
      pollMs: 500,
    });
  });
});
