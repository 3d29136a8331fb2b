import { randomInt } from 'node:crypto';
import { Scope } from '../../src/clients/scopes';
import { checkDigit } from '../../src/pd/validation/iin';
import { Role } from '../../src/staff/roles';
import {
  bearer,
  clientToken,
  createClient,
  createStaff,
  staffLogin,
  type StaffActor,
} from './actors';
import { EXPORT_ALL, grantClient } from './access';
import type { TestApp } from './app';

export const SUBJECT_PASSWORD = 'steppe-falcon-amber-62';

/** A valid IIN nobody else in this run has: a random birth date and serial, the right check digit. */
export function uniqueIin(): string {
  for (;;) {
    const year = randomInt(60, 99);
    const month = String(randomInt(1, 13)).padStart(2, '0');
    const day = String(randomInt(1, 29)).padStart(2, '0');
    const base = `${year}${month}${day}${randomInt(3, 5)}${String(randomInt(0, 10000)).padStart(4, '0')}`;
    const check = checkDigit(base);
    if (check !== null) return `${base}${check}`;
  }
}

export const uniquePhone = (): string =>
  `+7701${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
export const uniqueEmail = (): string => `user-${randomInt(0, 1e9)}@example.kz`;

export interface Billing {
  clientId: string;
  clientSecret: string;
  clientToken: string;
  officer: StaffActor;
  officerToken: string;
  policyVersionId: string;
}

/**
 * A compliance officer who published a policy version in force, and the Billing client
 * with the officer's EXPORT grant when it may record transfers.
 */
export async function setUpBilling(
  t: TestApp,
  scopes: Scope[] = Object.values(Scope),
): Promise<Billing> {
  const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  const client = await createClient(t, scopes);
  // As deployed: an officer's grant covers the transfers the Billing records (P10, P13).
  if (scopes.includes(Scope.TRANSFERS_WRITE))
    await grantClient(t, officer.token, client.id, EXPORT_ALL);
  const policy = await publishPolicy(t, officer.token, { label: `v-${randomInt(0, 1e9)}` });
  return {
    clientId: client.id,
    clientSecret: client.secret,
    clientToken: client.token,
    officer,
    officerToken: officer.token,
    policyVersionId: policy.id,
  };
}

/**
 * New sessions for the Billing and its officer, in place. Sessions expire on the server's
 * clock, so a test that moves the clock past the token lifetime signs them in again.
 */
export async function renewBilling(t: TestApp, billing: Billing): Promise<void> {
  billing.clientToken = await clientToken(t, billing.clientId, billing.clientSecret);
  billing.officerToken = await staffLogin(t, billing.officer.email, billing.officer.password);
  billing.officer = { ...billing.officer, token: billing.officerToken };
}

export async function publishPolicy(
  t: TestApp,
  officerToken: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; label: string }> {
  const response = await t
    .http()
    .post('/api/v1/policy-versions')
    .set(bearer(officerToken))
    .send({
      label: `v-${randomInt(0, 1e9)}`,
      text: 'Политика конфиденциальности ТОО «Fingram»',
      significant: false,
      ...fields,
    });
  if (response.status !== 201)
    throw new Error(`publish failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; label: string };
}

export function subjectBody(
  policyVersionId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    surname: 'Ахметова',
    givenName: 'Айгерим',
    patronymic: 'Серикқызы',
    email: uniqueEmail(),
    phone: uniquePhone(),
    password: SUBJECT_PASSWORD,
    iin: uniqueIin(),
    iban: 'KZ86125KZT5004100100',
    cardNumber: '4111111111111111',
    bankName: 'Halyk Bank',
    idDocument: {
      type: 'ID_CARD',
      number: '045678912',
      issuer: 'МВД РК',
      issuedOn: '2020-01-31',
      expiresOn: '2030-01-30',
    },
    policyVersionId,
    consent: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', channel: 'WEB' },
    ...overrides,
  };
}

export interface RegisteredSubject {
  id: string;
  email: string;
  body: Record<string, unknown>;
}

export async function registerSubject(
  t: TestApp,
  billing: Billing,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredSubject> {
  const body = subjectBody(billing.policyVersionId, overrides);
  const response = await t
    .http()
    .post('/api/v1/subjects')
    .set(bearer(billing.clientToken))
    .send(body);
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id, email: body.email as string, body };
}

export async function subjectLogin(
  t: TestApp,
  email: string,
  password = SUBJECT_PASSWORD,
): Promise<string> {
  const response = await t.http().post('/api/v1/auth/subjects/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`subject login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  return Number((await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
}
