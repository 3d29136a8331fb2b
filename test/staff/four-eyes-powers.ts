import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { orderBody } from '../support/access';
import { ATTACKER_PASSWORD, EVERYTHING, grantBody, type Held } from './four-eyes-world';
import { type Attempt, everyone, ok, signInClient, V } from './four-eyes-play';

/**
 * The attempts at power: make accounts, take over others, read the mail, sign, order,
 * approve, confirm, mint and rotate clients. In the order an attacker builds up.
 */
export const POWER_ATTEMPTS: Record<string, Attempt> = {
  'GET /api/v1/health': ({ call }) => call('get', `${V}/health`).then(() => undefined),
  'GET /api/v1/policy-versions/current': async ({ call }) => {
    await call('get', `${V}/policy-versions/current`);
  },
  'POST /api/v1/staff': async (play) => {
    const { me } = play;
    const sets = [
      [Role.OPERATOR],
      [Role.ADMIN],
      [Role.COMPLIANCE_OFFICER, Role.OPERATOR],
      [Role.ADMIN, Role.OPERATOR],
      [Role.ADMIN, Role.COMPLIANCE_OFFICER],
    ];
    for (const roles of sets) {
      const made = await play.make('post', `${V}/staff`, () =>
        Promise.resolve({ email: me.address(), fullName: 'Сообщник Злоумышленника', roles }),
      );
      me.made.staff.push(...ok(made).map((answer) => answer.body.id as string));
    }
    await play.harvest();
  },
  'PATCH /api/v1/staff/:id': async (play) => {
    const { me, w, call } = play;
    for (const id of [w.officer.id, w.operator.id]) {
      await call('patch', `${V}/staff/${id}`, () => Promise.resolve({ email: me.address() }));
    }
    await call('patch', `${V}/staff/${me.id}`, { roles: [Role.ADMIN, Role.COMPLIANCE_OFFICER] });
    await call('patch', `${V}/staff/${w.officer.id}`, { password: ATTACKER_PASSWORD });
    await play.harvest();
  },
  'POST /api/v1/staff/:id/credential-reset': async (play) => {
    for (const id of [play.w.officer.id, play.w.operator.id]) {
      await play.call('post', `${V}/staff/${id}/credential-reset`);
    }
    await play.harvest();
  },
  'POST /api/v1/auth/staff/enrol': async (play) => {
    await play.harvest();
    await play.call('post', `${V}/auth/staff/enrol`, {
      token: `pden_${'0'.repeat(64)}`,
      password: ATTACKER_PASSWORD,
    });
  },
  'POST /api/v1/auth/staff/login': async ({ me, w, call }) => {
    await call('post', `${V}/auth/staff/login`, {
      email: w.officer.email,
      password: ATTACKER_PASSWORD,
    });
    await call('post', `${V}/auth/staff/login`, {
      email: w.operator.email,
      password: ATTACKER_PASSWORD,
    });
    for (const held of me.held.filter((h) => h.label.includes('@'))) {
      const [answer] = await call('post', `${V}/auth/staff/login`, {
        email: held.label,
        password: ATTACKER_PASSWORD,
      });
      if (answer.status === 200) me.hold('staff', answer.body.accessToken as string, held.label);
    }
  },
  'GET /api/v1/staff/me': async ({ call }) => {
    await call('get', `${V}/staff/me`);
  },
  'GET /api/v1/staff': async ({ call }) => {
    await call('get', `${V}/staff`);
  },
  'GET /api/v1/staff/:id': async ({ w, call }) => {
    await call('get', `${V}/staff/${w.operator.id}`);
  },
  'PUT /api/v1/staff/me/password': async ({ call }) => {
    await call('put', `${V}/staff/me/password`, {
      currentPassword: 'not-the-password-at-all',
      newPassword: 'another-strong-passphrase-22',
    });
  },
  'POST /api/v1/staff/:id/role-changes': async (play) => {
    const { me, call } = play;
    for (const roles of [[Role.COMPLIANCE_OFFICER], [Role.OPERATOR], [Role.ADMIN, Role.OPERATOR]]) {
      await call('post', `${V}/staff/${me.id}/role-changes`, { roles });
    }
    for (const id of me.made.staff) {
      await call('post', `${V}/staff/${id}/role-changes`, {
        roles: [Role.COMPLIANCE_OFFICER, Role.OPERATOR],
      });
    }
  },
  'GET /api/v1/role-changes': async ({ call }) => {
    await call('get', `${V}/role-changes?status=PENDING`);
  },
  'POST /api/v1/role-changes/:id/approve': async (play) => {
    const { t, w, call } = play;
    const pending: Array<{ id: string }> = await t.db.query(
      "SELECT id FROM staff_role_changes WHERE status = 'PENDING'",
    );
    for (const id of new Set([w.pendingChangeId, ...pending.map((row) => row.id)])) {
      await call('post', `${V}/role-changes/${id}/approve`);
    }
    await play.harvest();
  },
  'POST /api/v1/staff/:id/confirm': async (play) => {
    for (const id of everyone(play)) await play.call('post', `${V}/staff/${id}/confirm`);
  },
  'POST /api/v1/pledge-versions': async ({ call }) => {
    await call('post', `${V}/pledge-versions`, { text: 'Подписываю что угодно' });
  },
  'GET /api/v1/pledge-versions/current': async ({ call }) => {
    await call('get', `${V}/pledge-versions/current`);
  },
  'POST /api/v1/staff/me/pledges': async ({ me, call }) => {
    await call('post', `${V}/staff/me/pledges`, async (held: Held) => ({
      fullName: await me.fullNameOf(held),
    }));
  },
  'POST /api/v1/access-orders': async (play) => {
    for (const id of everyone(play)) {
      await play.call('post', `${V}/access-orders`, orderBody(id, EVERYTHING, play.t.clock.now()));
    }
  },
  'GET /api/v1/access-orders': async ({ call }) => {
    await call('get', `${V}/access-orders`);
  },
  'GET /api/v1/access-orders/:id': async ({ w, call }) => {
    await call('get', `${V}/access-orders/${w.orderId}`);
  },
  'POST /api/v1/access-orders/:id/revoke': async ({ w, call }) => {
    await call('post', `${V}/access-orders/${w.orderId}/revoke`, { reason: 'Мешает' });
  },
  'GET /api/v1/staff/:id/effective-access': async ({ me, call }) => {
    await call('get', `${V}/staff/${me.id}/effective-access`);
  },
  'POST /api/v1/clients': async ({ me, make }) => {
    const made = await make('post', `${V}/clients`, {
      name: 'Мой клиент',
      scopes: Object.values(Scope),
    });
    for (const answer of ok(made)) {
      me.made.clients.push(answer.body.id as string);
      await signInClient(me, answer.body.id as string, answer.body.clientSecret as string);
    }
  },
  'POST /api/v1/clients/:id/secret': async ({ me, w, call }) => {
    for (const id of [w.billingId, ...me.made.clients]) {
      for (const answer of ok(await call('post', `${V}/clients/${id}/secret`))) {
        await signInClient(me, id, answer.body.clientSecret as string);
      }
    }
  },
  'POST /api/v1/auth/clients/token': async ({ w, call }) => {
    await call('post', `${V}/auth/clients/token`, {
      clientId: w.billingId,
      clientSecret: 'pdcs_guess',
    });
  },
  'GET /api/v1/clients': async ({ call }) => {
    await call('get', `${V}/clients`);
  },
  'GET /api/v1/clients/:id': async ({ w, call }) => {
    await call('get', `${V}/clients/${w.billingId}`);
  },
  'PATCH /api/v1/clients/:id': async ({ me, w, call }) => {
    for (const id of [w.billingId, ...me.made.clients]) {
      await call('patch', `${V}/clients/${id}`, { scopes: Object.values(Scope), active: true });
    }
  },
  'POST /api/v1/clients/:id/confirm': async ({ me, w, call }) => {
    for (const id of [w.billingId, ...me.made.clients])
      await call('post', `${V}/clients/${id}/confirm`);
  },
  'POST /api/v1/client-grants': async ({ t, me, w, call }) => {
    for (const id of [w.billingId, ...me.made.clients]) {
      await call('post', `${V}/client-grants`, grantBody(id, t));
    }
  },
};
