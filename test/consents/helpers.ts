import { bearer } from '../support/actors';
import type { TestApp } from '../support/app';
import {
  type Billing,
  registerSubject,
  type RegisteredSubject,
  subjectLogin,
} from '../support/subjects';

export const CABINET_UA = 'Mozilla/5.0 (Cabinet test)';
/** A valid BIN (YYMM 0504, legal entity, check digit 1). */
export const OPERATOR_BIN = '050440000121';

export interface SignedIn extends RegisteredSubject {
  token: string;
}

export async function signedInSubject(
  t: TestApp,
  billing: Billing,
  overrides: Record<string, unknown> = {},
): Promise<SignedIn> {
  const subject = await registerSubject(t, billing, overrides);
  return { ...subject, token: await subjectLogin(t, subject.email) };
}

/** The personal cabinet's consent routes, as one subject. */
export function cabinet(t: TestApp, token: string) {
  return {
    list: (at?: string) =>
      t
        .http()
        .get('/api/v1/me/consents')
        .query(at ? { at } : {})
        .set(bearer(token)),
    give: (purpose: string, policyVersionId: string) =>
      t
        .http()
        .post('/api/v1/me/consents')
        .set(bearer(token))
        .set('user-agent', CABINET_UA)
        .send({ purpose, policyVersionId }),
    withdraw: (purpose: string) =>
      t
        .http()
        .delete(`/api/v1/me/consents/${purpose}`)
        .set(bearer(token))
        .set('user-agent', CABINET_UA),
    receipt: (consentId: string) =>
      t.http().get(`/api/v1/me/consents/${consentId}/receipt`).set(bearer(token)),
  };
}

export async function reportContract(
  t: TestApp,
  billing: Billing,
  subjectId: string,
  state: string,
): Promise<void> {
  const response = await t
    .http()
    .put(`/api/v1/subjects/${subjectId}/contract`)
    .set(bearer(billing.clientToken))
    .send({ state, at: t.clock.now().toISOString() });
  if (response.status !== 200)
    throw new Error(`contract report failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export async function consentRows(
  t: TestApp,
  subjectId: string,
): Promise<Array<Record<string, unknown>>> {
  return t.db.query('SELECT * FROM consents WHERE subjectId = ? ORDER BY `at`', [subjectId]);
}
