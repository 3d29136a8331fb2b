import { randomUUID } from 'node:crypto';
import type { Scope } from '../../src/clients/scopes';
import type { Role } from '../../src/staff/roles';
import type { TestApp } from './app';
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

/** The body of `POST /staff` for a new member with the roles (one place for how accounts are made). */
export function staffBody(roles: Role[]): {
  email: string;
  fullName: string;
  roles: Role[];
  password: string;
} {
  return {
    email: `staff-${randomUUID().slice(0, 8)}@pd.test`,
    fullName: 'Test Staff',
    roles,
    password: STAFF_PASSWORD,
  };
}

/** The body of `POST /clients`. */
export function clientBody(scopes: Scope[]): { name: string; scopes: Scope[] } {
  return { name: 'Billing', scopes };
}

/** A new staff member with the roles, created by the bootstrap admin, and signed in. */
export async function createStaff(
  t: TestApp,
  roles: Role[],
  adminToken?: string,
): Promise<StaffActor> {
  const body = staffBody(roles);
  const { email } = body;
  const created = await t
    .http()
    .post('/api/v1/staff')
    .set(bearer(adminToken ?? (await adminLogin(t))))
    .send(body);
  if (created.status !== 201)
    throw new Error(`create staff failed: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    id: created.body.id,
    email,
    password: STAFF_PASSWORD,
    token: await staffLogin(t, email, STAFF_PASSWORD),
  };
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
