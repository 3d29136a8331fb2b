import type { Response } from 'supertest';
import { AuditAction } from '../../src/audit/audit-actions';
import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { grantAccess, issueOrder, orderBody, pledgeInForce, purpose } from '../support/access';
import {
  adminLogin,
  bearer,
  clientBody,
  createClient,
  createStaff,
  enrol,
  inviteStaff,
  STAFF_PASSWORD,
  staffBody,
  staffLogin,
  type StaffActor,
} from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { entriesOf } from '../support/audit';
import { enrolmentTokenFor } from '../support/mailbox';
import { declaredRoutes } from '../support/route-walk';
import {
  type Billing,
  registerSubject,
  SUBJECT_PASSWORD,
  setUpBilling,
  subjectBody,
  subjectLogin,
} from '../support/subjects';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';
import { createParty, dayFrom, partyBody } from '../third-parties/helpers';

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const ALL_CATEGORIES = ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'];
const DAY = 86_400_000;

/** What the scenarios share: the people and the records they act on. */
interface World {
  t: TestApp;
  admin: string;
  billing: Billing;
  /** An operator cleared for every category and operation, for CONTRACT and IDENTIFICATION. */
  operator: StaffActor;
  /** A compliance officer cleared to handle data requests (LEGAL_OBLIGATION). */
  handler: StaffActor;
}

/** A subject of the Billing's, signed in to the cabinet. */
async function cabinet(w: World): Promise<{ id: string; email: string; token: string }> {
  const subject = await registerSubject(w.t, w.billing);
  return { ...subject, token: await subjectLogin(w.t, subject.email) };
}

/** A data request filed by a new subject and, unless told, taken into review by the handler. */
async function request(w: World, assigned = true): Promise<string> {
  const { token } = await cabinet(w);
  const filed = await w.t
    .http()
    .post('/api/v1/me/requests')
    .set(bearer(token))
    .send({ type: 'INFORMATION' });
  if (assigned) {
    await w.t
      .http()
      .post(`/api/v1/data-requests/${filed.body.id}/assign`)
      .set(bearer(w.handler.token))
      .send({});
  }
  return filed.body.id as string;
}

/** The operator's export of a subject's CONTACT data: a medium in the register. */
function exportFor(w: World, subjectId: string): Promise<Response> {
  return w.t
    .http()
    .post(`/api/v1/subjects/${subjectId}/exports`)
    .set(bearer(w.operator.token))
    .set(purpose('CONTRACT'))
    .send({ categories: ['CONTACT'], destination: 'Суд, запрос № 4' });
}

/** The body of `POST /webhooks`: a public https target (no delivery reaches it in the walk). */
function webhookBody(billing: Billing): Record<string, unknown> {
  return {
    clientId: billing.clientId,
    url: 'https://billing.example/hooks/pd',
    events: ['policy.published'],
  };
}

async function webhook(t: TestApp, admin: string, billing: Billing): Promise<string> {
  const created = await t
    .http()
    .post('/api/v1/webhooks')
    .set(bearer(admin))
    .send(webhookBody(billing));
  return created.body.id as string;
}

type Scenario = (w: World) => Promise<Response>;

/**
 * For every mutating route, one way to make it answer 2xx, keyed as the route is declared.
 * A route added without a scenario here fails the walk by name.
 */
const SCENARIOS: Record<string, Scenario> = {
  'POST /api/v1/auth/staff/login': ({ t }) =>
    t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  'POST /api/v1/auth/clients/token': async ({ t, admin }) => {
    const client = await createClient(t, [Scope.CONSENTS_READ], admin);
    return t
      .http()
      .post('/api/v1/auth/clients/token')
      .send({ clientId: client.id, clientSecret: client.secret });
  },
  'POST /api/v1/auth/subjects/login': async (w) => {
    const { email } = await cabinet(w);
    return w.t
      .http()
      .post('/api/v1/auth/subjects/login')
      .send({ email, password: SUBJECT_PASSWORD });
  },
  'POST /api/v1/auth/logout': async ({ t }) => {
    const token = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    return t.http().post('/api/v1/auth/logout').set(bearer(token)).send();
  },
  'POST /api/v1/staff': ({ t, admin }) =>
    t
      .http()
      .post('/api/v1/staff')
      .set(bearer(admin))
      .send(staffBody([Role.AUDITOR])),
  'PATCH /api/v1/staff/:id': async ({ t, admin }) => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    return t
      .http()
      .patch(`/api/v1/staff/${member.id}`)
      .set(bearer(admin))
      .send({ fullName: 'Renamed Staff' });
  },
  'PUT /api/v1/staff/me/password': async ({ t, admin }) => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    return t
      .http()
      .put('/api/v1/staff/me/password')
      .set(bearer(member.token))
      .send({ currentPassword: STAFF_PASSWORD, newPassword: 'granite-meadow-cobalt-44' });
  },
  'POST /api/v1/auth/staff/enrol': async ({ t, admin }) => {
    const { email } = await inviteStaff(t, [Role.AUDITOR], admin);
    const token = await enrolmentTokenFor(t, email);
    return t.http().post('/api/v1/auth/staff/enrol').send({ token, password: STAFF_PASSWORD });
  },
  'POST /api/v1/staff/:id/credential-reset': async ({ t, admin }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    return t.http().post(`/api/v1/staff/${member.id}/credential-reset`).set(bearer(admin)).send();
  },
  // Paused by the administrator's reset, enrolled again by its owner, confirmed by an officer.
  'POST /api/v1/staff/:id/confirm': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    await t.http().post(`/api/v1/staff/${member.id}/credential-reset`).set(bearer(admin)).send();
    await enrol(t, member.email);
    return t
      .http()
      .post(`/api/v1/staff/${member.id}/confirm`)
      .set(bearer(billing.officerToken))
      .send();
  },
  // Applied at once (no officer role asked for): ROLE_CHANGE.
  'POST /api/v1/staff/:id/role-changes': async ({ t, admin }) => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    return t
      .http()
      .post(`/api/v1/staff/${member.id}/role-changes`)
      .set(bearer(admin))
      .send({ roles: [Role.AUDITOR, Role.OPERATOR] });
  },
  // Proposed by the administrator, approved by an officer who is neither proposer nor person.
  'POST /api/v1/role-changes/:id/approve': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.AUDITOR], admin);
    const proposed = await t
      .http()
      .post(`/api/v1/staff/${member.id}/role-changes`)
      .set(bearer(admin))
      .send({ roles: [Role.AUDITOR, Role.COMPLIANCE_OFFICER] });
    return t
      .http()
      .post(`/api/v1/role-changes/${proposed.body.id}/approve`)
      .set(bearer(billing.officerToken))
      .send();
  },
  'POST /api/v1/clients': ({ t, admin }) =>
    t
      .http()
      .post('/api/v1/clients')
      .set(bearer(admin))
      .send(clientBody([Scope.VISITS_WRITE])),
  'PATCH /api/v1/clients/:id': async ({ t, admin }) => {
    const client = await createClient(t, [Scope.VISITS_WRITE], admin);
    return t.http().patch(`/api/v1/clients/${client.id}`).set(bearer(admin)).send({ name: 'Site' });
  },
  'POST /api/v1/clients/:id/secret': async ({ t, admin }) => {
    const client = await createClient(t, [Scope.VISITS_WRITE], admin);
    return t.http().post(`/api/v1/clients/${client.id}/secret`).set(bearer(admin)).send();
  },
  // Paused by the administrator's rotation, confirmed by an officer.
  'POST /api/v1/clients/:id/confirm': async ({ t, admin, billing }) => {
    const client = await createClient(t, [Scope.VISITS_WRITE], admin);
    await t.http().post(`/api/v1/clients/${client.id}/secret`).set(bearer(admin)).send();
    return t
      .http()
      .post(`/api/v1/clients/${client.id}/confirm`)
      .set(bearer(billing.officerToken))
      .send();
  },
  // Effective in a year, so the signatures the other scenarios rest on still count.
  'POST /api/v1/pledge-versions': ({ t, billing }) =>
    t
      .http()
      .post('/api/v1/pledge-versions')
      .set(bearer(billing.officerToken))
      .send({
        text: 'Обязуюсь не разглашать персональные данные, редакция 2',
        effectiveFrom: new Date(t.clock.now().getTime() + 365 * DAY).toISOString(),
      }),
  'POST /api/v1/staff/me/pledges': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    await pledgeInForce(t, billing.officerToken);
    return t
      .http()
      .post('/api/v1/staff/me/pledges')
      .set(bearer(member.token))
      .send({ fullName: 'Test Staff' });
  },
  'POST /api/v1/access-orders': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    return t
      .http()
      .post('/api/v1/access-orders')
      .set(bearer(billing.officerToken))
      .send(
        orderBody(
          member.id,
          { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] },
          t.clock.now(),
        ),
      );
  },
  'POST /api/v1/access-orders/:id/revoke': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    const order = await issueOrder(t, billing.officerToken, member.id, {
      categories: ['CONTACT'],
      operations: ['READ'],
      purposes: ['CONTRACT'],
    });
    return t
      .http()
      .post(`/api/v1/access-orders/${order.id}/revoke`)
      .set(bearer(billing.officerToken))
      .send({ reason: 'Переведён в другой отдел' });
  },
  'POST /api/v1/client-grants': async ({ t, admin, billing }) => {
    const client = await createClient(t, [Scope.SUBJECTS_READ], admin);
    const terms = { categories: ['CONTACT'], operations: ['READ'], purposes: ['CONTRACT'] };
    return t
      .http()
      .post('/api/v1/client-grants')
      .set(bearer(billing.officerToken))
      .send({
        ...orderBody('unused', terms, t.clock.now()),
        employeeId: undefined,
        clientId: client.id,
      });
  },
  'POST /api/v1/subjects': ({ t, billing }) =>
    t
      .http()
      .post('/api/v1/subjects')
      .set(bearer(billing.clientToken))
      .send(subjectBody(billing.policyVersionId)),
  'PATCH /api/v1/subjects/:id': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return w.t
      .http()
      .patch(`/api/v1/subjects/${id}`)
      .set(bearer(w.operator.token))
      .set(purpose('CONTRACT', 'TICKET-1'))
      .send({ surname: 'Нурланова' });
  },
  'POST /api/v1/subjects/:id/exports': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return exportFor(w, id);
  },
  'POST /api/v1/subjects/:id/reports': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return w.t
      .http()
      .post(`/api/v1/subjects/${id}/reports`)
      .set(bearer(w.operator.token))
      .set(purpose('CONTRACT'))
      .send({ destination: 'Субъекту почтой' });
  },
  'POST /api/v1/media/:id/destroy': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    const made = await exportFor(w, id);
    return w.t
      .http()
      .post(`/api/v1/media/${made.headers['x-medium-id']}/destroy`)
      .set(bearer(w.billing.officerToken))
      .send({ method: 'DELETED', note: 'Акт № 3' });
  },
  'POST /api/v1/media/:id/verify': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    const made = await exportFor(w, id);
    return w.t
      .http()
      .post(`/api/v1/media/${made.headers['x-medium-id']}/verify`)
      .set(bearer(w.billing.officerToken))
      .send({ sha256: made.headers['x-checksum-sha256'] });
  },
  'PUT /api/v1/subjects/:id/contract': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return w.t
      .http()
      .put(`/api/v1/subjects/${id}/contract`)
      .set(bearer(w.billing.clientToken))
      .send({ state: 'ACTIVE', at: w.t.clock.now().toISOString() });
  },
  'POST /api/v1/visits': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return w.t.http().post('/api/v1/visits').set(bearer(w.billing.clientToken)).send({
      ip: '203.0.113.7',
      cookieId: 'cookie-1',
      userAgent: 'Mozilla/5.0',
      at: w.t.clock.now().toISOString(),
      pageUrl: 'https://fingram.kz/pricing',
      subjectId: id,
    });
  },
  'PATCH /api/v1/me': async (w) => {
    const { token } = await cabinet(w);
    return w.t.http().patch('/api/v1/me').set(bearer(token)).send({ surname: 'Нурланова' });
  },
  'PUT /api/v1/me/password': async (w) => {
    const { token } = await cabinet(w);
    return w.t
      .http()
      .put('/api/v1/me/password')
      .set(bearer(token))
      .send({ currentPassword: SUBJECT_PASSWORD, newPassword: 'granite-meadow-cobalt-44' });
  },
  'POST /api/v1/me/consents': async (w) => {
    const { token } = await cabinet(w);
    return w.t
      .http()
      .post('/api/v1/me/consents')
      .set(bearer(token))
      .send({ purpose: 'PUBLIC_DISTRIBUTION', policyVersionId: w.billing.policyVersionId });
  },
  'DELETE /api/v1/me/consents/:purpose': async (w) => {
    const { token } = await cabinet(w);
    await w.t
      .http()
      .post('/api/v1/me/consents')
      .set(bearer(token))
      .send({ purpose: 'CROSS_BORDER_TRANSFER', policyVersionId: w.billing.policyVersionId });
    return w.t.http().delete('/api/v1/me/consents/CROSS_BORDER_TRANSFER').set(bearer(token)).send();
  },
  // Effective in a year, so the version the other scenarios register under stays in force.
  'POST /api/v1/policy-versions': ({ t, billing }) =>
    t
      .http()
      .post('/api/v1/policy-versions')
      .set(bearer(billing.officerToken))
      .send({
        label: `walk-${Date.now()}`,
        text: 'Политика конфиденциальности ТОО «Fingram», редакция 2',
        significant: false,
        effectiveAt: new Date(t.clock.now().getTime() + 365 * DAY).toISOString(),
      }),
  'POST /api/v1/me/requests': async (w) => {
    const { token } = await cabinet(w);
    return w.t.http().post('/api/v1/me/requests').set(bearer(token)).send({ type: 'INFORMATION' });
  },
  'POST /api/v1/data-requests': async (w) => {
    const { id } = await registerSubject(w.t, w.billing);
    return w.t
      .http()
      .post('/api/v1/data-requests')
      .set(bearer(w.handler.token))
      .send({ subjectId: id, channel: 'SUPPORT', type: 'INFORMATION' });
  },
  'POST /api/v1/data-requests/:id/assign': async (w) => {
    const id = await request(w, false);
    return w.t
      .http()
      .post(`/api/v1/data-requests/${id}/assign`)
      .set(bearer(w.handler.token))
      .send({});
  },
  'POST /api/v1/data-requests/:id/complete': async (w) => {
    const id = await request(w);
    return w.t
      .http()
      .post(`/api/v1/data-requests/${id}/complete`)
      .set(bearer(w.handler.token))
      .send({ note: 'Отчёт готов' });
  },
  'POST /api/v1/data-requests/:id/reject': async (w) => {
    const id = await request(w);
    return w.t
      .http()
      .post(`/api/v1/data-requests/${id}/reject`)
      .set(bearer(w.handler.token))
      .send({ reason: 'Запрос подан повторно' });
  },
  'POST /api/v1/incidents': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    return t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(billing.officerToken))
      .send({ actorKind: 'staff', actorId: member.id, description: 'Жалоба клиента' });
  },
  'POST /api/v1/incidents/:id/lift': async ({ t, admin, billing }) => {
    const member = await createStaff(t, [Role.OPERATOR], admin);
    const opened = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(billing.officerToken))
      .send({ actorKind: 'staff', actorId: member.id, description: 'Жалоба клиента' });
    return t
      .http()
      .post(`/api/v1/incidents/${opened.body.id}/lift`)
      .set(bearer(billing.officerToken))
      .send({ reason: 'Проверка не подтвердила нарушение' });
  },
  'POST /api/v1/third-parties': ({ t, billing }) =>
    t.http().post('/api/v1/third-parties').set(bearer(billing.officerToken)).send(partyBody(t)),
  'PATCH /api/v1/third-parties/:id': async ({ t, billing }) => {
    const party = await createParty(t, billing.officerToken, partyBody(t));
    return t
      .http()
      .patch(`/api/v1/third-parties/${party.id}`)
      .set(bearer(billing.officerToken))
      .send({ name: 'ТОО «Проверка-2»' });
  },
  'PUT /api/v1/countries/:code': ({ t, billing }) =>
    t
      .http()
      .put('/api/v1/countries/DE')
      .set(bearer(billing.officerToken))
      .send({ protectsPd: true, reason: 'Adequacy decision on file', decidedOn: dayFrom(t, 0) }),
  'POST /api/v1/transfers': async (w) => {
    const party = await createParty(w.t, w.billing.officerToken, partyBody(w.t));
    const { id } = await registerSubject(w.t, w.billing);
    return w.t
      .http()
      .post('/api/v1/transfers')
      .set(bearer(w.billing.clientToken))
      .send({
        subjectId: id,
        thirdPartyId: party.id,
        categories: ['IDENTITY'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        lawReference: null,
      });
  },
  'POST /api/v1/webhooks': ({ t, admin, billing }) =>
    t.http().post('/api/v1/webhooks').set(bearer(admin)).send(webhookBody(billing)),
  'PATCH /api/v1/webhooks/:id': async ({ t, admin, billing }) => {
    const id = await webhook(t, admin, billing);
    return t
      .http()
      .patch(`/api/v1/webhooks/${id}`)
      .set(bearer(admin))
      .send({ events: ['consent.withdrawn'] });
  },
  'POST /api/v1/webhooks/:id/secret': async ({ t, admin, billing }) => {
    const id = await webhook(t, admin, billing);
    return t.http().post(`/api/v1/webhooks/${id}/secret`).set(bearer(admin)).send();
  },
  'DELETE /api/v1/webhooks/:id': async ({ t, admin, billing }) => {
    const id = await webhook(t, admin, billing);
    return t.http().delete(`/api/v1/webhooks/${id}`).set(bearer(admin)).send();
  },
  // A delivery queued by a policy version published under the walk, sent again.
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': async ({ t, admin, billing }) => {
    const id = await webhook(t, admin, billing);
    await t
      .http()
      .post('/api/v1/policy-versions')
      .set(bearer(billing.officerToken))
      .send({
        label: `walk-hook-${Date.now()}`,
        text: 'Политика конфиденциальности ТОО «Fingram», редакция 3',
        significant: false,
        effectiveAt: new Date(t.clock.now().getTime() + 365 * DAY).toISOString(),
      });
    const deliveries = await t.http().get(`/api/v1/webhooks/${id}/deliveries`).set(bearer(admin));
    const deliveryId = deliveries.body.items[0]?.id as string;
    return t
      .http()
      .post(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`)
      .set(bearer(admin))
      .send();
  },
};

/**
 * The change each route's 2xx records, which the walk looks for among the request's
 * entries: any entry would let a route pass on a side effect (the session an enrolment
 * opens) while its own change went unrecorded.
 */
const RECORDS: Record<string, AuditAction> = {
  'POST /api/v1/auth/staff/login': AuditAction.SIGN_IN,
  'POST /api/v1/auth/clients/token': AuditAction.SIGN_IN,
  'POST /api/v1/auth/subjects/login': AuditAction.SIGN_IN,
  'POST /api/v1/auth/logout': AuditAction.SIGN_OUT,
  'POST /api/v1/auth/staff/enrol': AuditAction.STAFF_ENROL,
  'POST /api/v1/staff': AuditAction.STAFF_CREATE,
  'PATCH /api/v1/staff/:id': AuditAction.STAFF_UPDATE,
  'PUT /api/v1/staff/me/password': AuditAction.STAFF_PASSWORD_CHANGE,
  'POST /api/v1/staff/:id/credential-reset': AuditAction.STAFF_CREDENTIAL_RESET,
  'POST /api/v1/staff/:id/confirm': AuditAction.STAFF_CONFIRM,
  'POST /api/v1/staff/:id/role-changes': AuditAction.ROLE_CHANGE,
  'POST /api/v1/role-changes/:id/approve': AuditAction.ROLE_CHANGE_APPROVE,
  'POST /api/v1/clients': AuditAction.CLIENT_CREATE,
  'PATCH /api/v1/clients/:id': AuditAction.CLIENT_UPDATE,
  'POST /api/v1/clients/:id/secret': AuditAction.CLIENT_SECRET_ROTATE,
  'POST /api/v1/clients/:id/confirm': AuditAction.CLIENT_CONFIRM,
  'POST /api/v1/pledge-versions': AuditAction.PLEDGE_PUBLISH,
  'POST /api/v1/staff/me/pledges': AuditAction.PLEDGE_SIGN,
  'POST /api/v1/access-orders': AuditAction.ORDER_ISSUE,
  'POST /api/v1/access-orders/:id/revoke': AuditAction.ORDER_REVOKE,
  'POST /api/v1/client-grants': AuditAction.CLIENT_GRANT,
  'POST /api/v1/subjects': AuditAction.SUBJECT_REGISTER,
  'PATCH /api/v1/subjects/:id': AuditAction.SUBJECT_UPDATE,
  'PUT /api/v1/subjects/:id/contract': AuditAction.CONTRACT_REPORT,
  'POST /api/v1/subjects/:id/exports': AuditAction.SUBJECT_EXPORT,
  'POST /api/v1/subjects/:id/reports': AuditAction.SUBJECT_REPORT,
  'POST /api/v1/media/:id/destroy': AuditAction.MEDIUM_DESTROY,
  'POST /api/v1/media/:id/verify': AuditAction.MEDIUM_VERIFY,
  'POST /api/v1/visits': AuditAction.VISIT_RECORD,
  'PATCH /api/v1/me': AuditAction.SUBJECT_UPDATE,
  'PUT /api/v1/me/password': AuditAction.SUBJECT_PASSWORD_CHANGE,
  'POST /api/v1/me/consents': AuditAction.CONSENT_GIVE,
  'DELETE /api/v1/me/consents/:purpose': AuditAction.CONSENT_WITHDRAW,
  'POST /api/v1/policy-versions': AuditAction.POLICY_PUBLISH,
  'POST /api/v1/me/requests': AuditAction.DATA_REQUEST_FILE,
  'POST /api/v1/data-requests': AuditAction.DATA_REQUEST_FILE,
  'POST /api/v1/data-requests/:id/assign': AuditAction.DATA_REQUEST_ASSIGN,
  'POST /api/v1/data-requests/:id/complete': AuditAction.DATA_REQUEST_COMPLETE,
  'POST /api/v1/data-requests/:id/reject': AuditAction.DATA_REQUEST_REJECT,
  'POST /api/v1/incidents': AuditAction.INCIDENT_OPEN,
  'POST /api/v1/incidents/:id/lift': AuditAction.INCIDENT_LIFT,
  'POST /api/v1/third-parties': AuditAction.THIRD_PARTY_CREATE,
  'PATCH /api/v1/third-parties/:id': AuditAction.THIRD_PARTY_UPDATE,
  'PUT /api/v1/countries/:code': AuditAction.COUNTRY_DECISION,
  'POST /api/v1/transfers': AuditAction.PD_TRANSFER,
  'POST /api/v1/webhooks': AuditAction.WEBHOOK_CREATE,
  'PATCH /api/v1/webhooks/:id': AuditAction.WEBHOOK_UPDATE,
  'DELETE /api/v1/webhooks/:id': AuditAction.WEBHOOK_DELETE,
  'POST /api/v1/webhooks/:id/secret': AuditAction.WEBHOOK_SECRET_ROTATE,
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': AuditAction.WEBHOOK_REDELIVER,
};

describe('Every change is recorded: a walk of every mutating route (P11, P16, P18)', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startApp();
    const admin = await adminLogin(t);
    const billing = await setUpBilling(t);
    const operator = await createStaff(t, [Role.OPERATOR], admin);
    await grantAccess(
      t,
      operator,
      {
        categories: ALL_CATEGORIES,
        operations: ['READ', 'UPDATE', 'EXPORT'],
        purposes: ['CONTRACT', 'IDENTIFICATION'],
      },
      billing.officerToken,
    );
    const handler = await createStaff(t, [Role.COMPLIANCE_OFFICER], admin);
    await grantAccess(
      t,
      handler,
      {
        categories: ALL_CATEGORIES,
        operations: ['READ', 'UPDATE'],
        purposes: ['LEGAL_OBLIGATION'],
      },
      billing.officerToken,
    );
    world = { t, admin, billing, operator, handler };
  });
  afterAll(() => t.close());

  const mutatingRoutes = () =>
    declaredRoutes(t)
      .filter((route) => MUTATING.includes(route.method))
      .map((route) => `${route.method} ${route.url}`);

  it('has a scenario for every mutating route, and none for a route that is gone (P11.1)', () => {
    const routes = mutatingRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !(route in SCENARIOS))).toEqual([]);
    expect(Object.keys(SCENARIOS).filter((route) => !routes.includes(route))).toEqual([]);
    expect(Object.keys(RECORDS).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it('leaves an audit entry of its own change, found by the answer’s X-Request-Id, for a 2xx of every mutating route (P11, P18)', async () => {
    const refused: Array<{ route: string; status: number; code: unknown }> = [];
    const silent: string[] = [];
    const unrecorded: string[] = [];
    for (const route of mutatingRoutes().filter((each) => each in SCENARIOS)) {
      const response = await SCENARIOS[route](world);
      if (response.status >= 300) {
        refused.push({ route, status: response.status, code: response.body?.code });
        continue;
      }
      const requestId = response.headers['x-request-id'];
      expect(requestId).toBeTruthy();
      const entries = await entriesOf(t, requestId);
      if (entries.length === 0) silent.push(route);
      else if (
        !entries.some((entry) => entry.action === RECORDS[route] && entry.outcome === 'ALLOWED')
      ) {
        unrecorded.push(
          `${route}: ${RECORDS[route]} not among ${entries.map((e) => e.action).join(', ')}`,
        );
      }
      for (const entry of entries) expect(entry.requestId).toBe(requestId);
    }
    expect(refused).toEqual([]);
    expect(silent).toEqual([]);
    expect(unrecorded).toEqual([]);
  });
});
