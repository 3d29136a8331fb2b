import { Controller, Get, Module } from '@nestjs/common';
import { adminLogin, bearer } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { declaredRoutes, withSampleParams } from '../support/route-walk';

/** A route someone forgot to declare: it must be refused, even to an administrator. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  leak(): { secret: string } {
    return { secret: 'should never be served' };
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

const PLANTED = 'UndeclaredController.leak';
const DOCS = /^\/docs(\/|$|-json$|-yaml$)/;
/** The console's static files and settings (src/console): no PD, no token taken. */
const CONSOLE = /^\/console(\/|$)/;

describe('Default deny on every route (P11.1)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ modules: [UndeclaredModule] });
  });
  afterAll(() => t.close());

  it('serves only controller routes under the API prefix, and the docs and the console outside it', () => {
    const declared = new Set(declaredRoutes(t).map((route) => `${route.method} ${route.url}`));
    const registered = t.routes.filter((route) => route.method !== 'HEAD');
    const outside = registered.filter((route) => !declared.has(`${route.method} ${route.url}`));
    expect(outside.filter((route) => !DOCS.test(route.url) && !CONSOLE.test(route.url))).toEqual(
      [],
    );
    expect(declared.size).toBeGreaterThan(10);
  });

  it('has an access rule declared on every route (P11.1)', () => {
    const undeclared = declaredRoutes(t)
      .filter((route) => !route.rules?.length)
      .map((route) => route.handler);
    expect(undeclared).toEqual([PLANTED]);
  });

  it('answers 401 UNAUTHENTICATED without a token, or with a bad one, on every non-public route (P11.1)', async () => {
    const guarded = declaredRoutes(t).filter(
      (route) => route.rules?.length && route.rules[0].kind !== 'public',
    );
    expect(guarded.length).toBeGreaterThan(5);
    for (const route of guarded) {
      const url = withSampleParams(route.url);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const anonymous = await t.http()[method](url).send({});
      expect({ route: route.handler, status: anonymous.status, code: anonymous.body.code }).toEqual(
        {
          route: route.handler,
          status: 401,
          code: 'UNAUTHENTICATED',
        },
      );
      const garbage = await t.http()[method](url).set(bearer('not.a.token')).send({});
      expect({ route: route.handler, status: garbage.status }).toEqual({
        route: route.handler,
        status: 401,
      });
    }
  });

  it('refuses a route that declares no rule, even to an administrator (P11.1)', async () => {
    const response = await t
      .http()
      .get('/api/v1/undeclared')
      .set(bearer(await adminLogin(t)));
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN_ROLE');
    expect(JSON.stringify(response.body)).not.toContain('should never be served');
  });

  it("documents each route's access rule in OpenAPI", async () => {
    const document = await t.http().get('/docs/json');
    expect(document.status).toBe(200);
    const operations = Object.values(
      document.body.paths as Record<string, Record<string, { 'x-access'?: string[] }>>,
    ).flatMap((path) => Object.values(path));
    const documented = operations.filter((operation) => operation['x-access']?.length);
    expect(documented.length).toBe(operations.length - 1);
    expect(document.body.paths['/api/v1/staff'].post['x-access']).toEqual(['staff: ADMIN']);
    expect(document.body.paths['/api/v1/staff'].post.security).toEqual([{ staff: [] }]);
  });
});
