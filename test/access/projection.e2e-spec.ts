import { Scope } from '../../src/clients/scopes';
import { Role } from '../../src/staff/roles';
import { grantAccess, grantClient, purpose } from '../support/access';
import { bearer, createClient, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import { type Billing, registerSubject, setUpBilling, subjectLogin } from '../support/subjects';
import { officer as desk, mine } from '../data-requests/helpers';

const RECORD = ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT'];
const PROPOSED = { surname: 'Серикова', phone: '+77017654321', bankName: 'Kaspi Bank' };

/** Every string a subject's record and the rectification they proposed hold. */
function pdValues(body: Record<string, unknown>): string[] {
  const document = body.idDocument as Record<string, string>;
  return [
    ...['surname', 'givenName', 'patronymic', 'email', 'phone', 'iin', 'iban', 'cardNumber'].map(
      (field) => String(body[field]),
    ),
    String(body.bankName),
    document.number,
    document.issuer,
    ...Object.values(PROPOSED),
  ];
}

const leaked = (values: string[], body: unknown): string[] => {
  const text = JSON.stringify(body ?? null);
  return values.filter((value) => text.includes(value));
};

describe('A response carries only what the caller may read (P10, P11.1)', () => {
  let t: TestApp;
  let billing: Billing;
  let subjectId: string;
  let values: string[];
  let subjectEmail: string;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
    const subject = await registerSubject(t, billing);
    subjectId = subject.id;
    values = pdValues(subject.body);
    subjectEmail = subject.email;
  });
  afterAll(() => t.close());

  const patch = (token: string, stated: string, body: Record<string, unknown>) =>
    t
      .http()
      .patch(`/api/v1/subjects/${subjectId}`)
      .set(bearer(token))
      .set(purpose(stated))
      .send(body);

  it('answers a change under an order without READ with no PD, every category withheld (P10)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, operator, {
      categories: ['CONTACT'],
      operations: ['UPDATE'],
      purposes: ['CONTRACT'],
    });
    const response = await patch(operator.token, 'CONTRACT', { phone: '+77019990001' });
    expect(response.status).toBe(200);
    expect(response.body.pd).toEqual({});
    expect([...response.body.withheld].sort()).toEqual([...RECORD].sort());
    expect(leaked([...values, '+77019990001'], response.body)).toEqual([]);
  });

  it('answers a change with only the categories READ admits, and records that read (P10, P18)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    await grantAccess(t, operator, {
      categories: ['CONTACT', 'BANKING'],
      operations: ['UPDATE'],
      purposes: ['CONTRACT'],
    });
    await grantAccess(t, operator, {
      categories: ['CONTACT'],
      operations: ['READ'],
      purposes: ['CONTRACT'],
    });
    const response = await patch(operator.token, 'CONTRACT', { bankName: 'Jusan Bank' });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.pd).sort()).toEqual(['email', 'phone']);
    expect([...response.body.withheld].sort()).toEqual(['BANKING', 'IDENTITY', 'ID_DOCUMENT']);
    expect(JSON.stringify(response.body)).not.toContain('Jusan Bank');
    const entries = await t.db.query(
      "SELECT action, operation, categories FROM audit_entries WHERE actorId = ? AND action IN ('SUBJECT_UPDATE', 'SUBJECT_READ') AND outcome = 'ALLOWED' ORDER BY action",
      [operator.id],
    );
    expect(
      entries.map((entry: Record<string, string>) => ({
        ...entry,
        categories: JSON.parse(entry.categories) as string[],
      })),
    ).toEqual([
      { action: 'SUBJECT_READ', operation: 'READ', categories: ['CONTACT'] },
      { action: 'SUBJECT_UPDATE', operation: 'UPDATE', categories: ['BANKING'] },
    ]);
  });

  it('walks every route that can return PD with orders that lack READ and finds no registered PD value in any body (P10, P11.1)', async () => {
    // Staff and a client holding every operation but READ on every category.
    const terms = (purposes: string[]) => ({
      categories: [...RECORD, 'TECHNICAL'],
      operations: ['UPDATE', 'EXPORT'],
      purposes,
    });
    const operator = await createStaff(t, [Role.OPERATOR]);
    const handler = await createStaff(t, [Role.COMPLIANCE_OFFICER]);
    await grantAccess(t, operator, terms(['CONTRACT', 'LEGAL_OBLIGATION']));
    await grantAccess(t, handler, terms(['LEGAL_OBLIGATION', 'CONTRACT']));
    const client = await createClient(t, Object.values(Scope));
    await grantClient(t, billing.officerToken, client.id, terms(['CONTRACT']));

    // The subject proposes a rectification; the officer files another for them.
    const subjectToken = await subjectLogin(t, subjectEmail);
    const filed = await mine(t, subjectToken).file({ type: 'RECTIFICATION', proposed: PROPOSED });
    expect(filed.status).toBe(201);
    const requestId = filed.body.id as string;
    const office = desk(t, handler.token);
    const bodies: Array<{ what: string; status: number; body: unknown }> = [];
    const keep = (what: string, response: { status: number; body: unknown }) =>
      bodies.push({ what, status: response.status, body: response.body });

    keep(
      'POST /data-requests',
      await office.file({
        subjectId,
        channel: 'LETTER',
        type: 'RECTIFICATION',
        proposed: PROPOSED,
      }),
    );
    const second = bodies[0].body as { id?: string };
    keep('POST /data-requests/:id/assign', await office.assign(requestId));
    if (second.id) {
      keep('POST /data-requests/:id/assign (second)', await office.assign(second.id));
      keep('POST /data-requests/:id/reject', await office.reject(second.id, 'Нет оснований'));
    }
    keep('POST /data-requests/:id/complete', await office.complete(requestId));
    keep(
      'PATCH /subjects/:id (operator)',
      await patch(operator.token, 'CONTRACT', { givenName: 'Айжан' }),
    );
    keep(
      'PATCH /subjects/:id (client)',
      await patch(client.token, 'CONTRACT', { patronymic: 'Ержанқызы' }),
    );
    values.push('Айжан', 'Ержанқызы');

    // Every GET route of the back office, each path id tried with every id in this world.
    const ids = [subjectId, requestId, second.id, operator.id, handler.id, client.id].filter(
      (id): id is string => typeof id === 'string',
    );
    const gets = t.routes.filter(
      (route) =>
        route.method === 'GET' &&
        route.url.startsWith('/api/v1/') &&
        !route.url.startsWith('/api/v1/me') &&
        !route.url.startsWith('/api/v1/auth'),
    );
    expect(gets.length).toBeGreaterThan(15);
    const callers: Array<[string, string, string]> = [
      ['operator', operator.token, 'CONTRACT'],
      ['officer', handler.token, 'LEGAL_OBLIGATION'],
      ['client', client.token, 'CONTRACT'],
    ];
    const searches = [
      { email: values[3] },
      { phone: values[4] },
      { iin: values[5] },
      { subjectId },
      {},
    ];
    for (const route of gets) {
      const paths = route.url.includes(':')
        ? ids.map((id) => route.url.replace(/:\w+/g, id))
        : [route.url];
      for (const path of paths)
        for (const [who, token, stated] of callers)
          for (const query of path === '/api/v1/subjects' || !route.url.includes(':')
            ? searches
            : [{}]) {
            const response = await t
              .http()
              .get(path)
              .query(query)
              .set(bearer(token))
              .set(purpose(stated));
            keep(`GET ${path} ${JSON.stringify(query)} as ${who}`, response);
          }
    }

    // The changes went through: the walk saw real answers, not only refusals.
    expect(bodies.filter((b) => b.what.startsWith('PATCH')).map((b) => b.status)).toEqual([
      200, 200,
    ]);
    const statusOf = (what: string) => bodies.find((b) => b.what === what)?.status;
    expect(statusOf('POST /data-requests')).toBe(201);
    expect(statusOf('POST /data-requests/:id/reject')).toBe(200);
    expect(statusOf('POST /data-requests/:id/complete')).toBe(200);
    expect(bodies.filter((b) => b.status === 200).length).toBeGreaterThan(20);
    const found = bodies
      .map((b) => ({ what: b.what, leaked: leaked(values, b.body) }))
      .filter((b) => b.leaked.length > 0);
    expect(found).toEqual([]);
  });
});
