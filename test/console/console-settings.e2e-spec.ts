import { startApp, type TestApp } from '../support/app';
import { CONSOLE_CSP } from '../../src/console/serve-console';

describe('The console is served by the service itself (issue 15)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      env: {
        CONSOLE_IDLE_MINUTES: '7',
        PUBLIC_HOLIDAYS: '01-01,2027-03-20',
        ACCESS_ORDER_CAP_PER_CATEGORY: '12',
      },
    });
  });
  afterAll(() => t.close());

  it('gives the page its idle limit, holidays and order cap without a token, and nothing else', async () => {
    const response = await t.http().get('/console/settings.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      idleMinutes: 7,
      holidays: ['01-01', '2027-03-20'],
      orderCapPerCategory: 12,
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it("answers under /console with the console's own CSP: no inline script or style, no framing", async () => {
    const response = await t.http().get('/console/settings.json');
    const csp = response.headers['content-security-policy'];
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).not.toContain('unsafe-inline');
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
  });

  it("leaves the API's Content-Security-Policy as it was", async () => {
    const response = await t.http().get('/api/v1/health');
    const csp = response.headers['content-security-policy'];
    expect(csp).not.toBe(CONSOLE_CSP);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('refuses CONSOLE_IDLE_MINUTES outside 1 to 480 at start', async () => {
    const { loadConfig } = await import('../../src/config/app-config');
    expect(() => loadConfig({ ...t.env, CONSOLE_IDLE_MINUTES: '0' })).toThrow(
      /CONSOLE_IDLE_MINUTES/,
    );
    expect(() => loadConfig({ ...t.env, CONSOLE_IDLE_MINUTES: '481' })).toThrow(
      /CONSOLE_IDLE_MINUTES/,
    );
  });
});
