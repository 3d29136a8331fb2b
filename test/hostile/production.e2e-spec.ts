import { driver, startApp } from '../support/app';

describe(`Production defaults (${driver})`, () => {
  it('publishes no API map at /docs in production unless DOCS_ENABLED=true (P11)', async () => {
    const production = { NODE_ENV: 'production', OPERATOR_BIN: '050440000121', DOCS_ENABLED: '' };
    let t = await startApp({ env: production });
    try {
      for (const path of ['/docs', '/docs/json']) {
        const response = await t.http().get(path);
        expect([path, response.status, response.body.code]).toEqual([path, 404, 'NOT_FOUND']);
      }
      expect((await t.http().get('/api/v1/health')).status).toBe(200);
      t = await t.restart({ ...production, DOCS_ENABLED: 'true' });
      expect((await t.http().get('/docs/json')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
