import fc from 'fast-check';
import type { Response } from 'supertest';
import { SCOPES } from '../../src/clients/scopes';
import { CATEGORIES, OPERATIONS, PURPOSES } from '../../src/pd/vocabulary';
import { Role } from '../../src/staff/roles';
import { grantAccess, issueOrder, type OrderTerms } from './access';
import {
  adminLogin,
  bearer,
  clientToken,
  createClient,
  createStaff,
  inviteStaff,
  staffLogin,
  type StaffActor,
} from './actors';
import type { TestApp } from './app';
import type { Operation } from './openapi-document';
import type { GeneratedRequest, Pools } from './openapi-requests';
import type { DeclaredRoute } from './route-walk';
import { registerSubject, setUpBilling, subjectLogin } from './subjects';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-env';

export interface Actor {
  kind: 'staff' | 'client' | 'subject';
  roles: readonly Role[];
  token: string;
  /** Signs in again, for when a request ended the actor's session (a logout). */
  refresh(): Promise<void>;
}

const PD_FIELDS = [
  'surname',
  'givenName',
  'patronymic',
  'email',
  'phone',
  'iin',
  'iban',
  'cardNumber',
  'bankName',
  'number',
  'issuer',
];

function pdOf(value: unknown, found: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return found;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item === 'string' && PD_FIELDS.includes(key) && item.length >= 4) found.push(item);
    else pdOf(item, found);
  }
  return found;
}

const staffActor = (t: TestApp, roles: Role[], staff: StaffActor): Actor => {
  const actor: Actor = {
    kind: 'staff',
    roles,
    token: staff.token,
    refresh: async () => {
      actor.token = await staffLogin(t, staff.email, staff.password);
    },
  };
  return actor;
};

/**
 * Who the property-based requests are sent as: one actor per role, a service client with
 * every scope and a data subject, each with the right token for the routes it may call, so
 * that validation is reached. Their requests aim at victims (another staff member, client,
 * subject, and the records around them), never at the actors themselves, so that a run
 * cannot lock itself out by deactivating or depersonalizing who it sends as.
 */
export async function fuzzActors(t: TestApp, routes: DeclaredRoute[]) {
  const billing = await setUpBilling(t);
  const admin: Actor = {
    kind: 'staff',
    roles: [Role.ADMIN],
    token: await adminLogin(t),
    refresh: async () => {
      admin.token = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    },
  };
  const officerStaff = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  const operatorStaff = await createStaff(t, [Role.OPERATOR]);
  const officer = staffActor(t, [Role.COMPLIANCE_OFFICER], officerStaff);
  const auditor = staffActor(t, [Role.AUDITOR], await createStaff(t, [Role.AUDITOR]));
  const operator = staffActor(t, [Role.OPERATOR], operatorStaff);
  const clientAccount = await createClient(t, [...SCOPES]);
  const client: Actor = {
    kind: 'client',
    roles: [],
    token: clientAccount.token,
    refresh: async () => {
      client.token = await clientToken(t, clientAccount.id, clientAccount.secret);
    },
  };
  const registered = await registerSubject(t, billing);
  let email = registered.email;
  const subject: Actor = {
    kind: 'subject',
    roles: [],
    token: await subjectLogin(t, email),
    refresh: async () => {
      subject.token = await subjectLogin(t, email);
    },
  };

  const victimStaff = await createStaff(t, [Role.OPERATOR]);
  const victimOfficer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  const victimClient = await createClient(t, [...SCOPES]);
  // An officer's role waiting for approval, so that approving reaches its rules.
  const proposed = await inviteStaff(t, [Role.COMPLIANCE_OFFICER], admin.token);
  const victim = await registerSubject(t, billing);
  const everything: OrderTerms = {
    categories: [...CATEGORIES],
    operations: [...OPERATIONS],
    purposes: [...PURPOSES],
  };
  // The operator may touch every category, so PD routes reach their rules and projection.
  await grantAccess(t, operatorStaff, everything, officer.token);
  const order = await issueOrder(t, officer.token, victimStaff.id, everything);
  const victimToken = await subjectLogin(t, victim.email);
  const filed = await t
    .http()
    .post('/api/v1/me/requests')
    .set(bearer(victimToken))
    .send({ type: 'INFORMATION' });
  const consents = await t.http().get('/api/v1/me/consents').set(bearer(subject.token));
  const pools: Pools = {
    ids: [
      victimStaff.id,
      victimOfficer.id,
      victimClient.id,
      proposed.id,
      proposed.pendingRoleChange!,
      victim.id,
      order.id,
      filed.body.id as string,
      billing.policyVersionId,
      ...(consents.body.history as Array<{ id: string }>).map((record) => record.id),
    ],
  };
  const pd = [...pdOf(registered.body), ...pdOf(victim.body)];
  const all = [admin, officer, auditor, operator, client, subject];
  const rules = new Map(routes.map((route) => [`${route.method} ${route.url}`, route.rules ?? []]));

  /** The actors a route's access rule admits (none for a public route). */
  const admitted = (op: Pick<Operation, 'method' | 'route'>): Actor[] =>
    all.filter((actor) =>
      (rules.get(`${op.method} ${op.route}`) ?? []).some(
        (rule) =>
          rule.kind === actor.kind &&
          (rule.kind !== 'staff' ||
            rule.roles.length === 0 ||
            rule.roles.some((r) => actor.roles.includes(r))),
      ),
    );

  /** The actors a route admits; mostly one of them, sometimes anyone else or no one. */
  const chooser = (op: Operation): fc.Arbitrary<Actor | null> => {
    const admittedActors = admitted(op);
    const others = fc.constantFrom<Actor | null>(null, ...all);
    return admittedActors.length > 0
      ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...admittedActors) }, others)
      : others;
  };

  /** Keeps the actors usable and learns what PD the run registered. */
  const afterwards = async (
    op: Operation,
    actor: Actor | null,
    request: GeneratedRequest,
    response: Response,
  ): Promise<void> => {
    if (response.status === 401 && actor) await actor.refresh().catch(() => undefined);
    if (response.status < 300 && request.body.kind === 'json') {
      if (
        op.route === '/api/v1/subjects' ||
        op.route.endsWith('/me') ||
        op.route === '/api/v1/subjects/:id'
      ) {
        pd.push(...pdOf(request.body.value));
      }
      if (op.method === 'PATCH' && op.route === '/api/v1/me' && actor === subject) {
        email = (response.body as { pd?: { email?: string } }).pd?.email ?? email;
      }
    }
  };

  return {
    admin,
    officer,
    auditor,
    operator,
    client,
    subject,
    pools,
    everything,
    admitted,
    chooser,
    afterwards,
    registeredPd: () => [...new Set(pd)],
  };
}
