import { randomUUID } from 'node:crypto';
import type { AccessRule } from '../../src/auth/access.decorator';
import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { partyBody } from '../third-parties/helpers';
import type { TestApp } from '../support/app';
import { subjectBody, uniquePhone } from '../support/subjects';
import {
  ATTACKER_PASSWORD,
  type Attacker,
  EVERYTHING,
  grantBody,
  type Held,
  PURPOSES,
  purposeHeaders,
  type World,
} from './four-eyes-world';
import { orderBody } from '../support/access';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Answer = { status: number; body: Record<string, unknown> };
type Body = object | ((held: Held) => Promise<object>);

export interface Play {
  t: TestApp;
  me: Attacker;
  w: World;
  /** The request with every token the route accepts, and without one, recorded. */
  call: (
    method: Method,
    url: string,
    body?: Body,
    headers?: Record<string, string>,
  ) => Promise<Answer[]>;
  /**
   * The same, stopping at the first token that succeeds: making accounts, clients and
   * subjects. One more accomplice of the same kind adds no power, only requests.
   */
  make: (method: Method, url: string, body?: Body) => Promise<Answer[]>;
  /** Reads the attacker's mailbox and enrols with whatever arrived there. */
  harvest: () => Promise<void>;
  rules: readonly AccessRule[];
}

export type Attempt = (play: Play) => Promise<void>;

const V = '/api/v1';
const ok = (answers: Answer[], status = 201): Answer[] =>
  answers.filter((a) => a.status === status);

async function signInClient(me: Attacker, clientId: string, clientSecret: string): Promise<void> {
  const token = await me.send(
    'POST /api/v1/auth/clients/token',
    null,
    'post',
    `${V}/auth/clients/token`,
    {
      clientId,
      clientSecret,
    },
  );
  if (token.status === 200)
    me.hold('client', token.body.accessToken as string, `client ${clientId}`);
}

/** Every staff account the attacker made or took over, and themself. */
const everyone = ({ me, w }: Play): string[] => [
  me.id,
  w.officer.id,
  w.operator.id,
  ...me.made.staff,
];

/**
 * What one person would try on each route, in the order an attacker builds up: make
 * accounts, take over others, read the mail, sign, order, approve, confirm, mint clients,
 * then read. Keyed by the route as declared, so a new route without an entry here fails
 * the walk by name. Every attempt runs with every token the attacker holds by then.
 */
export const ATTEMPTS: Record<string, Attempt> = {
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
  'POST /api/v1/subjects': async ({ me, w, call, make }) => {
    await call('post', `${V}/subjects`, subjectBody(w.policyVersionId, { email: w.subject.email }));
    const email = `fake-${randomUUID().slice(0, 8)}@${me.domain}`;
    const made = await make('post', `${V}/subjects`, () =>
      Promise.resolve(subjectBody(w.policyVersionId, { email, password: ATTACKER_PASSWORD })),
    );
    if (ok(made).length === 0) return;
    me.made.subjects.push(...ok(made).map((answer) => answer.body.id as string));
    const login = await me.send(
      'POST /api/v1/auth/subjects/login',
      null,
      'post',
      `${V}/auth/subjects/login`,
      {
        email,
        password: ATTACKER_PASSWORD,
      },
    );
    if (login.status === 200) me.hold('subject', login.body.accessToken as string, email);
  },
  'POST /api/v1/auth/subjects/login': async ({ w, call }) => {
    await call('post', `${V}/auth/subjects/login`, {
      email: w.subject.email,
      password: ATTACKER_PASSWORD,
    });
  },
  'GET /api/v1/subjects': async ({ w, call }) => {
    for (const query of [
      `email=${encodeURIComponent(w.subject.email)}`,
      `phone=${encodeURIComponent(w.subject.phone)}`,
      `iin=${w.subject.iin}`,
    ]) {
      for (const purpose of PURPOSES)
        await call('get', `${V}/subjects?${query}`, undefined, purposeHeaders(purpose));
    }
  },
  'GET /api/v1/subjects/:id': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      await call('get', `${V}/subjects/${w.subject.id}`, undefined, purposeHeaders(purpose));
    }
  },
  'PATCH /api/v1/subjects/:id': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      await call(
        'patch',
        `${V}/subjects/${w.subject.id}`,
        { phone: uniquePhone() },
        purposeHeaders(purpose),
      );
    }
  },
  'PUT /api/v1/subjects/:id/contract': async ({ w, call }) => {
    await call('put', `${V}/subjects/${w.subject.id}/contract`, {
      state: 'OBLIGATIONS_FULFILLED',
      at: new Date().toISOString(),
    });
  },
  'POST /api/v1/visits': async ({ w, call }) => {
    await call('post', `${V}/visits`, {
      ip: '198.51.100.7',
      cookieId: 'evil-cookie',
      userAgent: 'curl/8',
      at: new Date().toISOString(),
      pageUrl: 'https://fingram.kz/billing',
      subjectId: w.subject.id,
    });
  },
  'GET /api/v1/subjects/:id/consents': async ({ w, call }) => {
    await call('get', `${V}/subjects/${w.subject.id}/consents`);
  },
  'GET /api/v1/subjects/:id/consents/check': async ({ w, call }) => {
    await call('get', `${V}/subjects/${w.subject.id}/consents/check?purpose=PD_PROCESSING`);
  },
  'POST /api/v1/data-requests': async ({ w, call }) => {
    await call('post', `${V}/data-requests`, {
      subjectId: w.subject.id,
      channel: 'PHONE',
      type: 'INFORMATION',
    });
  },
  'GET /api/v1/data-requests': async ({ call }) => {
    await call('get', `${V}/data-requests`);
  },
  'GET /api/v1/data-requests/:id': async ({ w, call }) => {
    await call('get', `${V}/data-requests/${w.requestId}`);
  },
  'POST /api/v1/data-requests/:id/assign': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/assign`, {});
  },
  'POST /api/v1/data-requests/:id/complete': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/complete`, {});
  },
  'POST /api/v1/data-requests/:id/reject': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/reject`, { reason: 'Не нужно' });
  },
  'POST /api/v1/transfers': async ({ w, call }) => {
    await call(
      'post',
      `${V}/transfers`,
      {
        subjectId: w.subject.id,
        thirdPartyId: w.thirdPartyId,
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        lawReference: null,
      },
      purposeHeaders('IDENTIFICATION'),
    );
  },
  'GET /api/v1/transfers/check': async ({ w, call }) => {
    await call(
      'get',
      `${V}/transfers/check?subjectId=${w.subject.id}&thirdPartyId=${w.thirdPartyId}&categories=IDENTITY&purpose=IDENTIFICATION&legalBasis=CONSENT`,
    );
  },
  'GET /api/v1/transfers': async ({ w, call }) => {
    await call('get', `${V}/transfers?subjectId=${w.subject.id}`);
  },
  'POST /api/v1/third-parties': async ({ t, call }) => {
    await call(
      'post',
      `${V}/third-parties`,
      partyBody(t, { categories: EVERYTHING.categories.slice(0, 4) }),
    );
  },
  'GET /api/v1/third-parties': async ({ call }) => {
    await call('get', `${V}/third-parties`);
  },
  'GET /api/v1/third-parties/:id': async ({ w, call }) => {
    await call('get', `${V}/third-parties/${w.thirdPartyId}`);
  },
  'PATCH /api/v1/third-parties/:id': async ({ w, call }) => {
    await call('patch', `${V}/third-parties/${w.thirdPartyId}`, { name: 'ТОО «Своя Проверка»' });
  },
  'GET /api/v1/third-parties/:id/history': async ({ w, call }) => {
    await call('get', `${V}/third-parties/${w.thirdPartyId}/history`);
  },
  'GET /api/v1/countries': async ({ call }) => {
    await call('get', `${V}/countries`);
  },
  'PUT /api/v1/countries/:code': async ({ call }) => {
    await call('put', `${V}/countries/US`, {
      protectsPd: true,
      reason: 'Удобно',
      decidedOn: '2026-11-24',
    });
  },
  'GET /api/v1/countries/:code/history': async ({ call }) => {
    await call('get', `${V}/countries/US/history`);
  },
  'GET /api/v1/incidents': async ({ call }) => {
    await call('get', `${V}/incidents`);
  },
  'POST /api/v1/incidents': async ({ w, call }) => {
    await call('post', `${V}/incidents`, {
      actorKind: 'staff',
      actorId: w.officer.id,
      description: 'Подозрительно',
    });
  },
  'POST /api/v1/incidents/:id/lift': async ({ t, call }) => {
    const open: Array<{ id: string }> = await t.db.query(
      'SELECT id FROM incidents WHERE liftedAt IS NULL',
    );
    for (const id of [randomUUID(), ...open.map((row) => row.id)]) {
      await call('post', `${V}/incidents/${id}/lift`, { reason: 'Ошибка' });
    }
  },
  'GET /api/v1/audit': async ({ w, call }) => {
    await call('get', `${V}/audit?subjectId=${w.subject.id}`);
  },
  'GET /api/v1/audit/verify': async ({ call }) => {
    await call('get', `${V}/audit/verify`);
  },
  'GET /api/v1/outbox': async ({ call }) => {
    await call('get', `${V}/outbox?kind=STAFF_ENROLMENT`);
  },
  'POST /api/v1/policy-versions': async ({ call }) => {
    await call('post', `${V}/policy-versions`, {
      label: `evil-${randomUUID()}`,
      text: 'Всё можно',
      significant: false,
    });
  },
  'GET /api/v1/policy-versions': async ({ call }) => {
    await call('get', `${V}/policy-versions`);
  },
  'GET /api/v1/policy-versions/:id/pending-acceptances': async ({ w, call }) => {
    await call('get', `${V}/policy-versions/${w.policyVersionId}/pending-acceptances`);
  },
  'GET /api/v1/me': async ({ call }) => {
    await call('get', `${V}/me`);
  },
  'PATCH /api/v1/me': async ({ call }) => {
    await call('patch', `${V}/me`, { phone: uniquePhone() });
  },
  'PUT /api/v1/me/password': async ({ call }) => {
    await call('put', `${V}/me/password`, {
      currentPassword: 'not-the-password-at-all',
      newPassword: 'another-strong-passphrase-22',
    });
  },
  'GET /api/v1/me/consents': async ({ call }) => {
    await call('get', `${V}/me/consents`);
  },
  'POST /api/v1/me/consents': async ({ w, call }) => {
    await call('post', `${V}/me/consents`, {
      purpose: 'PUBLIC_DISTRIBUTION',
      policyVersionId: w.policyVersionId,
    });
  },
  'DELETE /api/v1/me/consents/:purpose': async ({ call }) => {
    await call('delete', `${V}/me/consents/PUBLIC_DISTRIBUTION`);
  },
  'GET /api/v1/me/consents/:consentId/receipt': async ({ t, w, call }) => {
    const [consent] = await t.db.query('SELECT id FROM consents WHERE subjectId = ?', [
      w.subject.id,
    ]);
    await call('get', `${V}/me/consents/${consent.id as string}/receipt`);
  },
  'POST /api/v1/me/requests': async ({ call }) => {
    await call('post', `${V}/me/requests`, { type: 'INFORMATION' });
  },
  'GET /api/v1/me/requests': async ({ call }) => {
    await call('get', `${V}/me/requests`);
  },
  'GET /api/v1/me/requests/:id': async ({ w, call }) => {
    await call('get', `${V}/me/requests/${w.requestId}`);
  },
  'GET /api/v1/me/report': async ({ call }) => {
    await call('get', `${V}/me/report`);
  },
  'GET /api/v1/me/report.pdf': async ({ call }) => {
    await call('get', `${V}/me/report.pdf`);
  },
  'GET /api/v1/me/access-log': async ({ call }) => {
    await call('get', `${V}/me/access-log`);
  },
  'GET /api/v1/me/transfers': async ({ call }) => {
    await call('get', `${V}/me/transfers`);
  },
  'POST /api/v1/auth/logout': async ({ call }) => {
    await call('post', `${V}/auth/logout`);
  },
};

/** Ends the tokens it is called with: only in the last round. */
export const LAST = 'POST /api/v1/auth/logout';
