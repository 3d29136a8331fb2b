import { randomUUID } from 'node:crypto';
import { Scope } from '../../src/clients/scopes';
import type { AccessRule } from '../../src/auth/access.decorator';
import type { PrincipalKind } from '../../src/auth/principal';
import { Role } from '../../src/staff/roles';
import { mine } from '../data-requests/helpers';
import { createParty, partyBody } from '../third-parties/helpers';
import { grantAccess, orderBody, pledgeInForce, purpose } from '../support/access';
import { bearer, createClient, createStaff, type StaffActor } from '../support/actors';
import type { TestApp } from '../support/app';
import { enrolmentMails } from '../support/mailbox';
import {
  publishPolicy,
  registerSubject,
  subjectLogin,
  uniqueEmail,
  uniqueIin,
  uniquePhone,
} from '../support/subjects';

/** Every category, operation and purpose: what an attacker would ask an order or grant for. */
export const EVERYTHING = {
  categories: ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT', 'TECHNICAL'],
  operations: ['READ', 'UPDATE', 'EXPORT'],
  purposes: ['IDENTIFICATION', 'CONTRACT', 'SETTLEMENTS', 'LEGAL_OBLIGATION'],
};
export const PURPOSES = EVERYTHING.purposes;
export const ATTACKER_PASSWORD = 'crimson-walrus-paddle-58';

/**
 * The organisation an attacker works in: a subject whose PD is registered, the Billing
 * with a grant, a compliance officer, an operator who reads the subject under an order
 * (two people: the detector below is proven on that read), a third party, a data request
 * and a pending role change. Made by a set-up administrator who is none of the players.
 */
export interface World {
  subject: { id: string; email: string; phone: string; iin: string };
  /** Every registered PD value of the subject, by field: none may reach an attacker. */
  pd: Record<string, string>;
  officer: StaffActor;
  operator: StaffActor;
  orderId: string;
  billingId: string;
  thirdPartyId: string;
  requestId: string;
  policyVersionId: string;
  pendingChangeId: string;
}

export async function buildWorld(t: TestApp, bootstrapToken: string): Promise<World> {
  const setUpAdmin = await createStaff(t, [Role.ADMIN], bootstrapToken);
  const officer = await createStaff(t, [Role.COMPLIANCE_OFFICER], setUpAdmin.token);
  await pledgeInForce(t, officer.token);
  const billing = await createClient(t, Object.values(Scope), setUpAdmin.token);
  const grant = await t
    .http()
    .post('/api/v1/client-grants')
    .set(bearer(officer.token))
    .send(grantBody(billing.id, t));
  if (grant.status !== 201) throw new Error(`grant failed: ${JSON.stringify(grant.body)}`);
  const policy = await publishPolicy(t, officer.token);
  const pd = {
    surname: 'Жумабекова',
    givenName: 'Динара',
    patronymic: 'Маратовна',
    email: uniqueEmail(),
    phone: uniquePhone(),
    iin: uniqueIin(),
    iban: 'KZ18722S000012345678',
    cardNumber: '5555555555554444',
    idNumber: '099887766',
  };
  const { idNumber, ...fields } = pd;
  const subject = await registerSubject(
    t,
    {
      clientId: billing.id,
      clientSecret: billing.secret,
      clientToken: billing.token,
      officer,
      officerToken: officer.token,
      policyVersionId: policy.id,
    },
    {
      ...fields,
      bankName: 'Kaspi Bank',
      idDocument: {
        type: 'ID_CARD',
        number: idNumber,
        issuer: 'МЮ РК',
        issuedOn: '2021-03-01',
        expiresOn: '2031-02-28',
      },
    },
  );
  const operator = await createStaff(t, [Role.OPERATOR], setUpAdmin.token);
  const { orderId } = await grantAccess(t, operator, EVERYTHING, officer.token);
  const filed = await mine(t, await subjectLogin(t, pd.email)).file({ type: 'INFORMATION' });
  const party = await createParty(t, officer.token, partyBody(t));
  const auditor = await createStaff(t, [Role.AUDITOR], setUpAdmin.token);
  const pending = await t
    .http()
    .post(`/api/v1/staff/${auditor.id}/role-changes`)
    .set(bearer(setUpAdmin.token))
    .send({ roles: [Role.AUDITOR, Role.COMPLIANCE_OFFICER] });
  if (pending.body.status !== 'PENDING') throw new Error('expected a pending role change');
  return {
    subject: { id: subject.id, email: pd.email, phone: pd.phone, iin: pd.iin },
    pd,
    officer,
    operator,
    orderId,
    billingId: billing.id,
    thirdPartyId: party.id,
    requestId: filed.body.id as string,
    policyVersionId: policy.id,
    pendingChangeId: pending.body.id as string,
  };
}

/** The registered PD values a response body carries (case aside), by field. */
export function pdIn(world: World, text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(world.pd)
    .filter(([, value]) => lower.includes(value.toLowerCase()))
    .map(([field]) => field);
}

export interface Seen {
  route: string;
  as: string;
  status: number;
  body: string;
}

export interface Held {
  kind: PrincipalKind;
  token: string;
  label: string;
  fullName?: string;
}

/**
 * One person acting alone: the tokens they hold (their own and any they gain), the
 * mailbox they read (every address at their domain), and everything they were answered.
 */
export class Attacker {
  readonly held: Held[] = [];
  readonly seen: Seen[] = [];
  readonly made = {
    staff: [] as string[],
    clients: [] as string[],
    subjects: [] as string[],
    webhooks: [] as string[],
  };
  private readonly spentTokens = new Set<string>();
  private counter = 0;

  constructor(
    private readonly t: TestApp,
    readonly name: string,
    readonly id: string,
    token: string,
    readonly domain = `${name.replace(/\W+/g, '-')}.evil.test`,
  ) {
    this.held.push({ kind: 'staff', token, label: 'own' });
  }

  address(): string {
    return `x${++this.counter}-${randomUUID().slice(0, 6)}@${this.domain}`;
  }

  /** A token for the account `label` names; a newer one for the same account replaces it. */
  hold(kind: PrincipalKind, token: string, label: string): void {
    const known = this.held.find((held) => held.label === label);
    if (known) known.token = token;
    else this.held.push({ kind, token, label });
  }

  /** Reads their mailbox and enrols with every token in it, as the owner of the address would. */
  async harvest(route: string): Promise<void> {
    for (const mail of await enrolmentMails(this.t)) {
      if (!mail.to.endsWith(`@${this.domain}`) || this.spentTokens.has(mail.token)) continue;
      this.spentTokens.add(mail.token);
      const enrolled = await this.send(route, null, 'post', '/api/v1/auth/staff/enrol', {
        token: mail.token,
        password: ATTACKER_PASSWORD,
      });
      if (enrolled.status === 200) {
        this.hold('staff', enrolled.body.accessToken as string, mail.to);
      }
    }
  }

  /** One request with one token (or none), recorded. */
  async send(
    route: string,
    held: Held | null,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    url: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    let request = this.t.http()[method](url).set(headers);
    if (held) request = request.set(bearer(held.token));
    const response = body === undefined ? await request : await request.send(body);
    this.seen.push({
      route,
      as: held?.label ?? 'anonymous',
      status: response.status,
      body: response.text ?? '',
    });
    return { status: response.status, body: (response.body ?? {}) as Record<string, unknown> };
  }

  /**
   * The request with every token the route accepts (without one on a public route). A
   * protected route refusing a request without a token is the route walk's proof
   * (test/foundation/routes), not a person's.
   */
  async everywhere(
    route: string,
    rules: readonly AccessRule[],
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    url: string,
    body?: object | ((held: Held) => Promise<object>),
    headers: Record<string, string> = {},
    { untilDone = false }: { untilDone?: boolean } = {},
  ): Promise<Array<{ status: number; body: Record<string, unknown> }>> {
    const kinds = new Set(rules.map((rule) => rule.kind));
    const tokens = kinds.has('public') ? [null] : this.held.filter((held) => kinds.has(held.kind));
    const answers = [];
    for (const held of tokens) {
      const payload = typeof body !== 'function' ? body : held ? await body(held) : {};
      const answer = await this.send(route, held, method, url, payload, headers);
      answers.push(answer);
      if (untilDone && answer.status < 300) break;
    }
    return answers;
  }

  /** The full name on the account a staff token belongs to (a pledge is signed with it). */
  async fullNameOf(held: Held): Promise<string> {
    if (held.fullName === undefined) {
      const me = await this.t.http().get('/api/v1/staff/me').set(bearer(held.token));
      held.fullName = (me.body.fullName as string | undefined) ?? '';
    }
    return held.fullName;
  }
}

export const purposeHeaders = (value: string): Record<string, string> => purpose(value, 'TICKET-1');

/** A client grant of everything for `clientId`: an order's terms, naming a client. */
export function grantBody(clientId: string, t: TestApp): Record<string, unknown> {
  const { employeeId, ...terms } = orderBody(clientId, EVERYTHING, t.clock.now());
  return { ...terms, clientId: employeeId };
}
