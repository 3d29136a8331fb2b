import { Role } from '../../src/staff/roles';
import { grantAccess } from '../support/access';
import { bearer, createStaff, type StaffActor } from '../support/actors';
import type { TestApp } from '../support/app';

export const ALL_CATEGORIES = ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'];

/**
 * A compliance officer cleared to handle requests: an order for READ and UPDATE of every
 * category for LEGAL_OBLIGATION, issued by another officer, and the pledge signed.
 */
export async function handlingOfficer(t: TestApp): Promise<StaffActor> {
  const handler = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
  await grantAccess(t, handler, {
    categories: ALL_CATEGORIES,
    operations: ['READ', 'UPDATE'],
    purposes: ['LEGAL_OBLIGATION'],
  });
  return handler;
}

export type Body = Record<string, unknown>;

/** The officer's routes on one request. */
export function officer(t: TestApp, token: string) {
  const post = (path: string, body: Body = {}) =>
    t.http().post(`/api/v1/data-requests${path}`).set(bearer(token)).send(body);
  return {
    file: (body: Body) => post('', body),
    list: (query: Record<string, string> = {}) =>
      t.http().get('/api/v1/data-requests').query(query).set(bearer(token)),
    read: (id: string) => t.http().get(`/api/v1/data-requests/${id}`).set(bearer(token)),
    assign: (id: string, body: Body = {}) => post(`/${id}/assign`, body),
    complete: (id: string, body: Body = {}) => post(`/${id}/complete`, body),
    reject: (id: string, reason: string) => post(`/${id}/reject`, { reason }),
  };
}

/** The subject's own request routes. */
export function mine(t: TestApp, token: string) {
  return {
    file: (body: Body) => t.http().post('/api/v1/me/requests').set(bearer(token)).send(body),
    list: () => t.http().get('/api/v1/me/requests').set(bearer(token)),
    one: (id: string) => t.http().get(`/api/v1/me/requests/${id}`).set(bearer(token)),
    report: () => t.http().get('/api/v1/me/report').set(bearer(token)),
  };
}

/** Files as the subject, then assigns and completes as the officer; returns the last answer. */
export async function fileAndComplete(
  t: TestApp,
  subjectToken: string,
  officerToken: string,
  body: Body,
  complete: Body = {},
) {
  const filed = await mine(t, subjectToken).file(body);
  if (filed.status !== 201)
    throw new Error(`file failed: ${filed.status} ${JSON.stringify(filed.body)}`);
  const desk = officer(t, officerToken);
  const assigned = await desk.assign(filed.body.id);
  if (assigned.status !== 200)
    throw new Error(`assign failed: ${assigned.status} ${JSON.stringify(assigned.body)}`);
  return desk.complete(filed.body.id, complete);
}

/** Outbox rows for the subject's data-request notices, oldest first. */
export async function requestMail(
  t: TestApp,
  subjectId: string,
): Promise<Array<Record<string, unknown>>> {
  return t.db.query(
    "SELECT * FROM outbox_messages WHERE subjectId = ? AND kind = 'DATA_REQUEST_STATUS' ORDER BY createdAt",
    [subjectId],
  );
}
