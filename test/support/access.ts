import { randomInt } from 'node:crypto';
import { Role } from '../../src/staff/roles';
import { bearer, createStaff, type StaffActor } from './actors';
import type { TestApp } from './app';

export interface OrderTerms {
  categories: string[];
  operations: string[];
  purposes: string[];
  validFrom?: string;
  validUntil?: string;
}

const DAY = 86_400_000;

/** The body of an order for `employeeId`, valid from a day ago for 30 days unless told. */
export function orderBody(
  employeeId: string,
  terms: OrderTerms,
  now: Date,
): Record<string, unknown> {
  return {
    employeeId,
    number: `PD-${randomInt(0, 1e6)}`,
    issuedOn: now.toISOString().slice(0, 10),
    basis: 'Приказ директора о допуске к персональным данным',
    validFrom: new Date(now.getTime() - DAY).toISOString(),
    validUntil: new Date(now.getTime() + 30 * DAY).toISOString(),
    ...terms,
  };
}

export function issueOrder(
  t: TestApp,
  officerToken: string,
  employeeId: string,
  terms: OrderTerms,
): Promise<{ id: string }> {
  return issue(t, officerToken, 'access-orders', orderBody(employeeId, terms, t.clock.now()));
}

/** An order or a grant, issued by the officer; anything but 201 fails the test's set-up. */
async function issue(
  t: TestApp,
  officerToken: string,
  route: 'access-orders' | 'client-grants',
  body: Record<string, unknown>,
): Promise<{ id: string }> {
  const response = await t.http().post(`/api/v1/${route}`).set(bearer(officerToken)).send(body);
  if (response.status !== 201)
    throw new Error(`${route} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string };
}

/** Publishes a pledge version unless one is in force; returns the version in force. */
export async function pledgeInForce(t: TestApp, officerToken: string): Promise<string> {
  const current = await t.http().get('/api/v1/pledge-versions/current').set(bearer(officerToken));
  if (current.status === 200) return current.body.id as string;
  const published = await t
    .http()
    .post('/api/v1/pledge-versions')
    .set(bearer(officerToken))
    .send({ text: 'Обязуюсь не разглашать персональные данные' });
  if (published.status !== 201)
    throw new Error(`publish pledge failed: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body.id as string;
}

export async function signPledge(t: TestApp, staff: StaffActor): Promise<void> {
  const signed = await t
    .http()
    .post('/api/v1/staff/me/pledges')
    .set(bearer(staff.token))
    .send({ fullName: 'Test Staff' });
  if (signed.status !== 201)
    throw new Error(`sign pledge failed: ${signed.status} ${JSON.stringify(signed.body)}`);
}

/**
 * Everything the access rule asks of a staff member, done: an order from a compliance
 * officer (a new one unless given), a pledge version in force, and the employee's signature.
 */
export async function grantAccess(
  t: TestApp,
  employee: StaffActor,
  terms: OrderTerms,
  officerToken?: string,
): Promise<{ orderId: string; officerToken: string }> {
  const officer = officerToken ?? (await createStaff(t, [Role.COMPLIANCE_OFFICER])).token;
  await pledgeInForce(t, officer);
  const order = await issueOrder(t, officer, employee.id, terms);
  await signPledge(t, employee);
  return { orderId: order.id, officerToken: officer };
}

/** Headers stating a purpose (condition 5 of the access rule). */
export const purpose = (value: string, reason?: string): Record<string, string> => ({
  'x-access-purpose': value,
  ...(reason ? { 'x-access-reason': reason } : {}),
});

/** The body of a client grant: an order's terms, held by the service client. */
export function grantBody(clientId: string, terms: OrderTerms, now: Date): Record<string, unknown> {
  const { employeeId, ...order } = orderBody(clientId, terms, now);
  return { ...order, clientId: employeeId };
}

/** A compliance officer's grant to a service client (POST /client-grants). */
export function grantClient(
  t: TestApp,
  officerToken: string,
  clientId: string,
  terms: OrderTerms,
): Promise<{ id: string }> {
  return issue(t, officerToken, 'client-grants', grantBody(clientId, terms, t.clock.now()));
}

/** What the Billing exports: every category for every purpose, for the transfers it records. */
export const EXPORT_ALL: OrderTerms = {
  categories: ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'],
  operations: ['EXPORT'],
  purposes: ['IDENTIFICATION', 'CONTRACT', 'SETTLEMENTS', 'LEGAL_OBLIGATION'],
};
