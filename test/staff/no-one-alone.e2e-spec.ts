import { Role } from '../../src/staff/roles';
import { purpose } from '../support/access';
import { adminLogin, bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type DeclaredRoute, declaredRoutes } from '../support/route-walk';
import { ADMIN_EMAIL } from '../support/test-env';
import { ATTEMPTS, LAST } from './four-eyes-attempts';
import type { Play } from './four-eyes-play';
import { Attacker, buildWorld, pdIn, type World } from './four-eyes-world';

const key = (route: DeclaredRoute): string => `${route.method} ${route.url}`;

type Player = (t: TestApp, world: World, maker: string) => Promise<Attacker>;

/** One person alone, holding only that role: who they are in a fresh world. */
const PLAYERS: Record<string, Player> = {
  'an administrator': async (t, _world, maker) => {
    const admin = await createStaff(t, [Role.ADMIN], maker);
    return new Attacker(t, 'admin', admin.id, admin.token);
  },
  'the bootstrap administrator': async (t) => {
    const [{ id }] = await t.db.query('SELECT id FROM staff_members WHERE email = ?', [
      ADMIN_EMAIL,
    ]);
    return new Attacker(t, 'bootstrap', id as string, await adminLogin(t));
  },
  'a compliance officer': (t, world) =>
    Promise.resolve(new Attacker(t, 'officer', world.officer.id, world.officer.token)),
  'an operator': async (t, _world, maker) => {
    const operator = await createStaff(t, [Role.OPERATOR], maker);
    return new Attacker(t, 'operator', operator.id, operator.token);
  },
  'an auditor': async (t, _world, maker) => {
    const auditor = await createStaff(t, [Role.AUDITOR], maker);
    return new Attacker(t, 'auditor', auditor.id, auditor.token);
  },
};

describe('Four eyes (P9, P10, P11.1)', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  let setUpAdmin: string;

  beforeAll(async () => {
    // Every attacker fails sign-ins from the one test address; that limit is not the point here.
    t = await startApp({ env: { LOGIN_MAX_FAILURES_PER_IP: '100000' } });
    routes = declaredRoutes(t);
    // Who sets up each world: an administrator and the first officer (who approves each
    // world's officer), neither of them a player nor a target of one.
    setUpAdmin = (await createStaff(t, [Role.ADMIN])).token;
    await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  });
  afterAll(() => t.close());

  it('has an attacker’s attempt for every declared route, and none for a route that is gone', () => {
    const declared = routes.map(key);
    expect(declared.filter((route) => !(route in ATTEMPTS))).toEqual([]);
    expect(Object.keys(ATTEMPTS).filter((route) => !declared.includes(route))).toEqual([]);
  });

  /**
   * Each player, in a world of their own, tries every route with every token they hold
   * or gain (twice, so what they gained late is tried everywhere too), and reads their
   * own mailbox. None of them, alone, is ever answered a registered PD value.
   */
  it('no one person reaches PD alone (P9, P10)', async () => {
    const rules = new Map(routes.map((route) => [key(route), route.rules ?? []]));
    for (const [role, playerFor] of Object.entries(PLAYERS)) {
      const world = await buildWorld(t, setUpAdmin);
      // The detector is sound: two people (an officer's order, an operator) do read the PD.
      const legit = await t
        .http()
        .get(`/api/v1/subjects/${world.subject.id}`)
        .set(bearer(world.operator.token))
        .set(purpose('CONTRACT'));
      expect(pdIn(world, legit.text).length).toBeGreaterThanOrEqual(7);

      const me = await playerFor(t, world, setUpAdmin);
      for (const round of [1, 2]) {
        for (const [route, attempt] of Object.entries(ATTEMPTS)) {
          if (route === LAST && round === 1) continue;
          const accepted = rules.get(route)!;
          const play: Play = {
            t,
            me,
            w: world,
            rules: accepted,
            call: (method, url, body, headers) =>
              me.everywhere(route, accepted, method, url, body, headers),
            make: (method, url, body) =>
              me.everywhere(route, accepted, method, url, body, {}, { untilDone: true }),
            harvest: () => me.harvest('POST /api/v1/auth/staff/enrol'),
          };
          await attempt(play);
        }
      }

      const leaks = me.seen
        .map((seen) => ({ route: seen.route, as: seen.as, pd: pdIn(world, seen.body) }))
        .filter((seen) => seen.pd.length > 0);
      expect({ role, leaks }).toEqual({ role, leaks: [] });
      // Every route was sent, unless it takes only tokens of a kind this player never held
      // (a staff member with no subject or client token has nothing to try on /me).
      const tried = new Set(me.seen.map((seen) => seen.route));
      const heldKinds = new Set(me.held.map((held) => held.kind));
      const reachable = (route: string) =>
        rules.get(route)!.some((rule) => rule.kind === 'public' || heldKinds.has(rule.kind));
      const untried = routes.map(key).filter((route) => reachable(route) && !tried.has(route));
      expect({ role, untried }).toEqual({ role, untried: [] });
      const reads = me.seen.filter(
        (seen) => seen.route === 'GET /api/v1/subjects/:id' && seen.status === 200,
      );
      expect({ role, reads }).toEqual({ role, reads: [] });
    }
  }, 600_000);
});
