import { newKey } from '../../src/config/keys';
import { runMain } from '../support/instance';

const keys = {
  JWT_SECRET: newKey(),
  MASTER_KEYS: `k1:${newKey()}`,
  BLIND_INDEX_KEY: newKey(),
  AUDIT_HMAC_KEY: newKey(),
};

describe('A bad configuration stops the start with one line', () => {
  it.each([
    [{ DB_TYPE: 'oracle' }, 'Configuration error: DB_TYPE must be sqlite or mysql'],
    [{ PORT: '70000' }, 'Configuration error: PORT must be a port number (1-65535)'],
    [
      { NODE_ENV: 'production', JWT_SECRET: '' },
      'Configuration error: JWT_SECRET must be set when NODE_ENV=production (base64 key of 32 bytes)',
    ],
  ])('%j', async (env, line) => {
    const exit = await runMain({ ...keys, ...env });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe(line);
    expect(exit.stdout).toBe('');
  });

  it('says in one line that the database cannot be reached', async () => {
    const exit = await runMain({
      ...keys,
      DB_TYPE: 'mysql',
      DB_HOST: '127.0.0.1',
      DB_PORT: '1',
      DB_USER: 'pd',
      DB_NAME: 'pd',
    });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split('\n')).toEqual([
      'Start failed: cannot use the database (ECONNREFUSED)',
    ]);
  });
});
