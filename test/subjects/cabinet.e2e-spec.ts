import { Vault } from '../../src/crypto/vault';
import { Role } from '../../src/staff/roles';
import { bearer, createStaff } from '../support/actors';
import { startApp, type TestApp } from '../support/app';
import {
  type Billing,
  registerSubject,
  setUpBilling,
  SUBJECT_PASSWORD,
  subjectLogin,
  uniquePhone,
} from '../support/subjects';

describe('Personal cabinet (P6, P15.4, P18)', () => {
  let t: TestApp;
  let billing: Billing;

  beforeAll(async () => {
    t = await startApp();
    billing = await setUpBilling(t);
  });
  afterAll(() => t.close());

  it('shows the subject their own PD in full, the card number masked to its last four digits (P15.4)', async () => {
    const subject = await registerSubject(t, billing);
    const me = await t
      .http()
      .get('/api/v1/me')
      .set(bearer(await subjectLogin(t, subject.email)));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(subject.id);
    expect(me.body.pd).toEqual({
      surname: 'Ахметова',
      givenName: 'Айгерим',
      patronymic: 'Серикқызы',
      email: subject.email,
      phone: subject.body.phone,
      iin: subject.body.iin,
      iban: 'KZ86125KZT5004100100',
      cardNumber: '************1111',
      bankName: 'Halyk Bank',
      idDocument: {
        type: 'ID_CARD',
        number: '045678912',
        issuer: 'МВД РК',
        issuedOn: '2020-01-31',
        expiresOn: '2030-01-30',
      },
    });
    expect(JSON.stringify(me.body)).not.toContain('4111111111111111');
  });

  it('changes PD with the same validation, and changes nothing when one field is invalid (P6)', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const bad = await t
      .http()
      .patch('/api/v1/me')
      .set(bearer(token))
      .send({ surname: 'Нурланова', phone: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((f: { field: string }) => f.field)).toEqual(['phone']);
    const me = await t.http().get('/api/v1/me').set(bearer(token));
    expect(me.body.pd.surname).toBe('Ахметова');
  });

  it('keeps a history of every change: old value encrypted, who, when, channel, attributed to the subject (P6, P18)', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const phone = uniquePhone();
    const changed = await t
      .http()
      .patch('/api/v1/me')
      .set(bearer(token))
      .send({ surname: 'Нурланова', phone, cardNumber: null });
    expect(changed.status).toBe(200);
    expect(changed.body.pd).toMatchObject({ surname: 'Нурланова', phone });
    expect(changed.body.pd.cardNumber).toBeUndefined();

    const history = await t.db.query(
      'SELECT * FROM subject_changes WHERE subjectId = ? ORDER BY field',
      [subject.id],
    );
    expect(history.map((row: { field: string }) => row.field)).toEqual([
      'cardNumber',
      'phone',
      'surname',
    ]);
    const key = (await t.app.get(Vault).keyFor(subject.id))!;
    for (const row of history) {
      expect(row).toMatchObject({
        actorKind: 'subject',
        actorId: subject.id,
        channel: 'CABINET',
        requestId: changed.headers['x-request-id'],
      });
      expect(row.oldValue).toMatch(/^v1\./);
    }
    const old = Object.fromEntries(
      history.map((row: { id: string; field: string; oldValue: string }) => [
        row.field,
        key.open(`change/${row.id}/${row.field}`, row.oldValue),
      ]),
    );
    expect(old).toEqual({
      surname: 'Ахметова',
      phone: subject.body.phone,
      cardNumber: '4111111111111111',
    });
  });

  it('moves the blind index with a changed email: the new one signs in, the old one does not', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const email = `renamed-${Date.now()}@example.kz`;
    expect(
      (await t.http().patch('/api/v1/me').set(bearer(token)).send({ email: email.toUpperCase() }))
        .status,
    ).toBe(200);
    expect(await subjectLogin(t, email)).toEqual(expect.any(String));
    const old = await t
      .http()
      .post('/api/v1/auth/subjects/login')
      .send({ email: subject.email, password: SUBJECT_PASSWORD });
    expect(old.status).toBe(401);
  });

  it("refuses to empty a required field, or to take another subject's email", async () => {
    const other = await registerSubject(t, billing);
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const emptied = await t.http().patch('/api/v1/me').set(bearer(token)).send({ iin: null });
    expect(emptied.status).toBe(400);
    expect(emptied.body.details).toEqual([
      { field: 'iin', constraints: ['iin cannot be removed'] },
    ]);
    const taken = await t
      .http()
      .patch('/api/v1/me')
      .set(bearer(token))
      .send({ email: other.email });
    expect(taken.body).toMatchObject({ code: 'ALREADY_EXISTS', details: { field: 'email' } });
  });

  it('keeps subjects apart: a subject token only ever reaches its own data, never staff or client routes', async () => {
    const a = await registerSubject(t, billing);
    const b = await registerSubject(t, billing);
    const tokenA = await subjectLogin(t, a.email);
    const me = await t.http().get('/api/v1/me').set(bearer(tokenA));
    expect(me.body.id).toBe(a.id);
    expect(JSON.stringify(me.body)).not.toContain(String(b.body.iin));
    expect(
      (
        await t
          .http()
          .put(`/api/v1/subjects/${b.id}/contract`)
          .set(bearer(tokenA))
          .send({ state: 'TERMINATED', at: new Date().toISOString() })
      ).status,
    ).toBe(401);
    expect((await t.http().get('/api/v1/staff/me').set(bearer(tokenA))).status).toBe(401);
    const staff = await createStaff(t, [Role.OPERATOR]);
    expect((await t.http().get('/api/v1/me').set(bearer(staff.token))).status).toBe(401);
  });

  it('refuses a subject without a cabinet password the same way as a wrong one', async () => {
    const subject = await registerSubject(t, billing, { password: undefined });
    const response = await t
      .http()
      .post('/api/v1/auth/subjects/login')
      .send({ email: subject.email, password: SUBJECT_PASSWORD });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('lets the subject change their cabinet password, checking the current one', async () => {
    const subject = await registerSubject(t, billing);
    const token = await subjectLogin(t, subject.email);
    const changed = await t
      .http()
      .put('/api/v1/me/password')
      .set(bearer(token))
      .send({ currentPassword: SUBJECT_PASSWORD, newPassword: 'tundra-violet-copper-58' });
    expect(changed.status).toBe(204);
    expect(await subjectLogin(t, subject.email, 'tundra-violet-copper-58')).toEqual(
      expect.any(String),
    );
  });
});
