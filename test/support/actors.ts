import { randomUUID } from 'node:crypto';
import type { Scope } from '../../src/clients/scopes';
import { FirstOfficer } from '../../src/staff/first-officer';
import { Role } from '../../src/staff/roles';
import type { TestApp } from './app';
import { enrolmentTokenFor } from './mailbox';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-env';

export const STAFF_PASSWORD = 'velvet-harbor-quartz-91';

export interface StaffActor {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface ClientActor {
  id: string;
  secret: string;
  token: string;
}

export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});

export async function staffLogin(t: TestApp, email: string, password: string): Promise<string> {
  const response = await t.http().post('/api/v1/auth/staff/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`staff login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

export function adminLogin(t: TestApp): Promise<string> {
  return staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
}

/**
 * The body of `POST /staff` for a new member with the roles (one place for how accounts
 * are made): no password, which only its owner sets, by enrolment.
 */
export function staffBody(roles: Role[]): { email: string; fullName: string; roles: Role[] } {
  return { email: `staff-${randomUUID().slice(0, 8)}@pd.test`, fullName: 'Test Staff', roles };
}

/** The body of `POST /clients`. */
export function clientBody(scopes: Scope[]): { name: string; scopes: Scope[] } {
  return { name: 'Billing', scopes };
}

/** Sets the password with an enrolment token, as its owner does; returns a session. */
export async function enrolWith(
  t: TestApp,
  token: string,
  password = STAFF_PASSWORD,
): Promise<string> {
  const response = await t.http().post('/api/v1/auth/staff/enrol').send({ token, password });
  if (response.status !== 200)
    throw new Error(`enrol failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** Enrols with the newest token mailed to `email`. */
export async function enrol(t: TestApp, email: string, password = STAFF_PASSWORD): Promise<string> {
  const token = await enrolmentTokenFor(t, email);
  if (!token) throw new Error(`no enrolment mail for ${email}`);
  return enrolWith(t, token, password);
}

/** The officers the helpers made, per database, who approve later officers. */
const approvers = new Map<string, StaffActor[]>();
const databaseOf = (t: TestApp): string => `${t.env.DB_TYPE}:${t.env.DB_PATH ?? t.env.DB_NAME}`;

async function anyOfficer(t: TestApp): Promise<boolean> {
  const [row] = await t.db.query(
    `SELECT COUNT(*) AS n FROM staff_members WHERE roles LIKE '%"${Role.COMPLIANCE_OFFICER}"%'`,
  );
  return Number(row.n) > 0;
}

/** Approves a pending role change as one of the helpers' officers still able to. */
async function approveAsOfficer(t: TestApp, changeId: string): Promise<void> {
  const failures: string[] = [];
  for (const officer of [...(approvers.get(databaseOf(t)) ?? [])].reverse()) {
    const login = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: officer.email, password: officer.password });
    if (login.status !== 200) continue;
    const approved = await t
      .http()
      .post(`/api/v1/role-changes/${changeId}/approve`)
      .set(bearer(login.body.accessToken as string));
    if (approved.status === 200) return;
    failures.push(`${approved.status} ${JSON.stringify(approved.body)}`);
  }
  throw new Error(`no officer could approve role change ${changeId}: ${failures.join('; ')}`);
}

export interface InvitedStaff {
  id: string;
  email: string;
  /** The officer role's change waiting for another officer, when the roles asked for it. */
  pendingRoleChange?: string;
}

/**
 * A new account as an administrator makes it (`POST /staff`), not yet enrolled: its
 * enrolment token waits in the mailbox (test/support/mailbox.ts).
 */
export async function inviteStaff(
  t: TestApp,
  roles: Role[],
  adminToken?: string,
  body = staffBody(roles),
): Promise<InvitedStaff> {
  const created = await t
    .http()
    .post('/api/v1/staff')
    .set(bearer(adminToken ?? (await adminLogin(t))))
    .send(body);
  if (created.status !== 201)
    throw new Error(`create staff failed: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    id: created.body.id as string,
    email: body.email,
    pendingRoleChange: created.body.pendingRoleChange?.id as string | undefined,
  };
}

/**
 * A new staff member with the roles, through the real lifecycle, and signed in: the
 * bootstrap admin (or `adminToken`) creates the account, the person enrols with the
 * token mailed to them. A compliance officer is the first officer (the service the
 * `staff:first-officer` command uses) when there is none yet; later ones are proposed at
 * creation and approved by an officer these helpers made.
 */
export async function createStaff(
  t: TestApp,
  roles: Role[],
  adminToken?: string,
): Promise<StaffActor> {
  const body = staffBody(roles);
  const { email } = body;
  const officer = roles.includes(Role.COMPLIANCE_OFFICER);
  let id: string;
  let token: string;
  if (officer && !(await anyOfficer(t))) {
    const first = await t.app.get(FirstOfficer).create(email, body.fullName);
    id = first.id;
    token = await enrolWith(t, first.token);
    const others = roles.filter((role) => role !== Role.COMPLIANCE_OFFICER);
    if (others.length > 0) {
      const changed = await t
        .http()
        .post(`/api/v1/staff/${id}/role-changes`)
        .set(bearer(adminToken ?? (await adminLogin(t))))
        .send({ roles });
      if (changed.status !== 201 || changed.body.status !== 'APPLIED')
        throw new Error(`role change failed: ${changed.status} ${JSON.stringify(changed.body)}`);
    }
  } else {
    const invited = await inviteStaff(t, roles, adminToken, body);
    id = invited.id;
    token = await enrol(t, email);
    if (invited.pendingRoleChange) await approveAsOfficer(t, invited.pendingRoleChange);
  }
  const actor = { id, email, password: STAFF_PASSWORD, token };
  if (officer) approvers.set(databaseOf(t), [...(approvers.get(databaseOf(t)) ?? []), actor]);
  return actor;
}

export async function clientToken(
  t: TestApp,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const response = await t
    .http()
    .post('/api/v1/auth/clients/token')
    .send({ clientId, clientSecret });
  if (response.status !== 200)
    throw new Error(`client token failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** A new service client with the scopes, and a token for it. */
export async function createClient(
  t: TestApp,
  scopes: Scope[],
  adminToken?: string,
): Promise<ClientActor> {
  const created = await t
    .http()
    .post('/api/v1/clients')
    .set(bearer(adminToken ?? (await adminLogin(t))))
    .send(clientBody(scopes));
  if (created.status !== 201)
    throw new Error(`create client failed: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    id: created.body.id,
    secret: created.body.clientSecret,
    token: await clientToken(t, created.body.id, created.body.clientSecret),
  };
}

/**
 * The same staff member signed in again: a session expires on the server's clock, so a
 * test that moves the clock past the token lifetime signs in anew, as a person would.
 */
export async function signedInAgain(t: TestApp, actor: StaffActor): Promise<StaffActor> {
  return { ...actor, token: await staffLogin(t, actor.email, actor.password) };
}
