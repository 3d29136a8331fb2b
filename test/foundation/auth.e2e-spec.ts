import { Role } from '../../src/staff/roles';
import { Scope } from '../../src/clients/scopes';
import { bearer, clientToken, createClient, createStaff, staffLogin } from '../support/actors';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { startApp, type TestApp } from '../support/app';
import { spawnInstance } from '../support/instance';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-env';

describe('Sign-in, tokens and revocation (P11.1)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Behind a trusted proxy, so each test can speak from its own client address.
    t = await startApp({
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        LOGIN_MAX_FAILURES_PER_IP: '5',
        TRUST_PROXY: 'true',
      },
    });
  });
  afterAll(() => t.close());

  it('signs a staff member in with a short-lived bearer token of the staff audience', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const payload = JSON.parse(
      Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString(),
    );
    expect(payload.aud).toBe('pd-back-office/staff');
    expect(payload.exp - payload.iat).toBe(900);
    const me = await t.http().get('/api/v1/staff/me').set(bearer(response.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ADMIN_EMAIL);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.0.0.2')
      .send({ email: ADMIN_EMAIL, password: 'not-the-password-at-all' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.0.0.2')
      .send({ email: 'nobody@pd.test', password: 'not-the-password-at-all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
  });

  it('throttles failed attempts per account with TOO_MANY_ATTEMPTS, even with the right password after', async () => {
    const victim = await createStaff(t, [Role.OPERATOR]);
    for (let i = 0; i < 3; i++) {
      const attempt = await t
        .http()
        .post('/api/v1/auth/staff/login')
        .set('x-forwarded-for', `10.0.1.${i}`)
        .send({ email: victim.email, password: `wrong-${i}-password` });
      expect(attempt.status).toBe(401);
    }
    const blocked = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: victim.email, password: victim.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');

    t.clock.advance(16 * 60_000);
    const later = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: victim.email, password: victim.password });
    expect(later.status).toBe(200);
    t.clock.reset();
  });

  it('throttles unknown accounts exactly like known ones', async () => {
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/auth/staff/login')
        .set('x-forwarded-for', `10.0.2.${i}`)
        .send({ email: 'ghost@pd.test', password: `guess-${i}-password` });
    }
    const blocked = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.0.2.9')
      .send({ email: 'ghost@pd.test', password: 'another-guess-here' });
    expect(blocked.status).toBe(429);
  });

  it('throttles per source address across accounts, and only that address', async () => {
    for (let i = 0; i < 5; i++) {
      const attempt = await t
        .http()
        .post('/api/v1/auth/staff/login')
        .set('x-forwarded-for', '10.0.3.1')
        .send({ email: `user${i}@pd.test`, password: 'wrong-password-here' });
      expect(attempt.status).toBe(401);
    }
    const blocked = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.0.3.1')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    const elsewhere = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .set('x-forwarded-for', '10.0.3.2')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(elsewhere.status).toBe(200);
  });

  it('issues client tokens for a valid secret only', async () => {
    const client = await createClient(t, [Scope.SUBJECTS_WRITE]);
    const payload = JSON.parse(Buffer.from(client.token.split('.')[1], 'base64url').toString());
    expect(payload.aud).toBe('pd-back-office/client');
    const wrong = await t
      .http()
      .post('/api/v1/auth/clients/token')
      .send({ clientId: client.id, clientSecret: 'pdcs_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token on the routes of another audience', async () => {
    const client = await createClient(t, [Scope.SUBJECTS_WRITE]);
    const onStaffRoute = await t.http().get('/api/v1/staff/me').set(bearer(client.token));
    expect(onStaffRoute.status).toBe(401);
    expect(onStaffRoute.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an OPERATOR creating staff with FORBIDDEN_ROLE (P11.1)', async () => {
    const operator = await createStaff(t, [Role.OPERATOR]);
    const response = await t
      .http()
      .post('/api/v1/staff')
      .set(bearer(operator.token))
      .send({ email: 'x@pd.test', fullName: 'X', roles: [Role.ADMIN] });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN_ROLE');
    const count = await t.db.query('SELECT COUNT(*) AS n FROM staff_members WHERE email = ?', [
      'x@pd.test',
    ]);
    expect(Number(count[0].n)).toBe(0);
  });

  it('refuses a forged, tampered or expired token', async () => {
    const token = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const [head, body] = token.split('.');
    const tampered = `${head}.${body}.${Buffer.from('forged').toString('base64url')}`;
    expect((await t.http().get('/api/v1/staff/me').set(bearer(tampered))).status).toBe(401);
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    expect((await t.http().get('/api/v1/staff/me').set(bearer(noneAlg))).status).toBe(401);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const jwt = t.app.get(JwtService);
    const resigned = jwt.sign(claims);
    expect((await t.http().get('/api/v1/staff/me').set(bearer(resigned))).status).toBe(200);
    const expired = jwt.sign({
      ...claims,
      iat: claims.iat - 3600,
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    const expiredResponse = await t.http().get('/api/v1/staff/me').set(bearer(expired));
    expect(expiredResponse.status).toBe(401);
    expect(expiredResponse.body.message).toBe('The token has expired');
  });

  it('revokes a token at logout: the next request is refused', async () => {
    const token = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await t.http().post('/api/v1/auth/logout').set(bearer(token))).status).toBe(204);
    const after = await t.http().get('/api/v1/staff/me').set(bearer(token));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('revokes every token of a deactivated staff member at the next request', async () => {
    const admin = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const member = await createStaff(t, [Role.AUDITOR], admin);
    expect((await t.http().get('/api/v1/staff/me').set(bearer(member.token))).status).toBe(200);
    const deactivated = await t
      .http()
      .patch(`/api/v1/staff/${member.id}`)
      .set(bearer(admin))
      .send({ active: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await t.http().get('/api/v1/staff/me').set(bearer(member.token))).status).toBe(401);
    const relogin = await t
      .http()
      .post('/api/v1/auth/staff/login')
      .send({ email: member.email, password: member.password });
    expect(relogin.status).toBe(401);
  });

  it('revokes a deactivated client at the next request', async () => {
    const admin = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const client = await createClient(t, [Scope.VISITS_WRITE], admin);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/clients/${client.id}`)
          .set(bearer(admin))
          .send({ active: false })
      ).status,
    ).toBe(200);
    expect((await t.http().post('/api/v1/auth/logout').set(bearer(client.token))).status).toBe(401);
    const again = await t
      .http()
      .post('/api/v1/auth/clients/token')
      .send({ clientId: client.id, clientSecret: client.secret });
    expect(again.status).toBe(401);
  });

  it('applies a logout and a deactivation made on one instance to another instance at once', async () => {
    const second = await spawnInstance({ ...t.env, LOG_LEVEL: 'warn' });
    try {
      const token = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
      expect((await request(second.url).get('/api/v1/staff/me').set(bearer(token))).status).toBe(
        200,
      );
      expect(
        (await request(second.url).post('/api/v1/auth/logout').set(bearer(token))).status,
      ).toBe(204);
      expect((await t.http().get('/api/v1/staff/me').set(bearer(token))).status).toBe(401);

      const admin = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
      const member = await createStaff(t, [Role.AUDITOR], admin);
      expect(
        (await request(second.url).get('/api/v1/staff/me').set(bearer(member.token))).status,
      ).toBe(200);
      await t.http().patch(`/api/v1/staff/${member.id}`).set(bearer(admin)).send({ active: false });
      expect(
        (await request(second.url).get('/api/v1/staff/me').set(bearer(member.token))).status,
      ).toBe(401);
    } finally {
      await second.stop();
    }
  });

  it('applies a role change at the next request, not at the next sign-in', async () => {
    const admin = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const member = await createStaff(t, [Role.AUDITOR], admin);
    expect((await t.http().get('/api/v1/staff').set(bearer(member.token))).status).toBe(200);
    const changed = await t
      .http()
      .post(`/api/v1/staff/${member.id}/role-changes`)
      .set(bearer(admin))
      .send({ roles: [Role.OPERATOR] });
    expect(changed.body.status).toBe('APPLIED');
    expect((await t.http().get('/api/v1/staff').set(bearer(member.token))).status).toBe(403);
  });

  it('rotating a client secret ends its sessions and the old secret', async () => {
    const admin = await staffLogin(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const client = await createClient(t, [Scope.CONSENTS_READ], admin);
    const rotated = await t.http().post(`/api/v1/clients/${client.id}/secret`).set(bearer(admin));
    expect(rotated.status).toBe(201);
    expect((await t.http().post('/api/v1/auth/logout').set(bearer(client.token))).status).toBe(401);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/clients/token')
          .send({ clientId: client.id, clientSecret: client.secret })
      ).status,
    ).toBe(401);
    expect(await clientToken(t, client.id, rotated.body.clientSecret)).toEqual(expect.any(String));
  });
});
