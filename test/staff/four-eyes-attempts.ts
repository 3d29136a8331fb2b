import { randomUUID } from 'node:crypto';
import { partyBody } from '../third-parties/helpers';
import { subjectBody, uniquePhone } from '../support/subjects';
import { ATTACKER_PASSWORD, EVERYTHING, PURPOSES, purposeHeaders } from './four-eyes-world';
import { type Attempt, ok, V } from './four-eyes-play';
import { POWER_ATTEMPTS } from './four-eyes-powers';

/**
 * What one person would try on each route, in the order an attacker builds up: make
 * accounts, take over others, read the mail, sign, order, approve, confirm, mint clients,
 * then read. Keyed by the route as declared, so a new route without an entry here fails
 * the walk by name. Every attempt runs with every token the attacker holds by then.
 */
export const ATTEMPTS: Record<string, Attempt> = {
  ...POWER_ATTEMPTS,
  'POST /api/v1/subjects': async ({ me, w, call, make }) => {
    await call('post', `${V}/subjects`, subjectBody(w.policyVersionId, { email: w.subject.email }));
    const email = `fake-${randomUUID().slice(0, 8)}@${me.domain}`;
    const made = await make('post', `${V}/subjects`, () =>
      Promise.resolve(subjectBody(w.policyVersionId, { email, password: ATTACKER_PASSWORD })),
    );
    if (ok(made).length === 0) return;
    me.made.subjects.push(...ok(made).map((answer) => answer.body.id as string));
    const login = await me.send(
      'POST /api/v1/auth/subjects/login',
      null,
      'post',
      `${V}/auth/subjects/login`,
      {
        email,
        password: ATTACKER_PASSWORD,
      },
    );
    if (login.status === 200) me.hold('subject', login.body.accessToken as string, email);
  },
  'POST /api/v1/auth/subjects/login': async ({ w, call }) => {
    await call('post', `${V}/auth/subjects/login`, {
      email: w.subject.email,
      password: ATTACKER_PASSWORD,
    });
  },
  'GET /api/v1/subjects': async ({ w, call }) => {
    for (const query of [
      `email=${encodeURIComponent(w.subject.email)}`,
      `phone=${encodeURIComponent(w.subject.phone)}`,
      `iin=${w.subject.iin}`,
    ]) {
      for (const purpose of PURPOSES)
        await call('get', `${V}/subjects?${query}`, undefined, purposeHeaders(purpose));
    }
  },
  'GET /api/v1/subjects/:id': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      await call('get', `${V}/subjects/${w.subject.id}`, undefined, purposeHeaders(purpose));
    }
  },
  'PATCH /api/v1/subjects/:id': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      await call(
        'patch',
        `${V}/subjects/${w.subject.id}`,
        { phone: uniquePhone() },
        purposeHeaders(purpose),
      );
    }
  },
  'PUT /api/v1/subjects/:id/contract': async ({ w, call }) => {
    await call('put', `${V}/subjects/${w.subject.id}/contract`, {
      state: 'OBLIGATIONS_FULFILLED',
      at: new Date().toISOString(),
    });
  },
  'POST /api/v1/visits': async ({ w, call }) => {
    await call('post', `${V}/visits`, {
      ip: '198.51.100.7',
      cookieId: 'evil-cookie',
      userAgent: 'curl/8',
      at: new Date().toISOString(),
      pageUrl: 'https://fingram.kz/billing',
      subjectId: w.subject.id,
    });
  },
  'GET /api/v1/subjects/:id/consents': async ({ w, call }) => {
    await call('get', `${V}/subjects/${w.subject.id}/consents`);
  },
  'GET /api/v1/subjects/:id/consents/check': async ({ w, call }) => {
    await call('get', `${V}/subjects/${w.subject.id}/consents/check?purpose=PD_PROCESSING`);
  },
  'POST /api/v1/data-requests': async ({ w, call }) => {
    await call('post', `${V}/data-requests`, {
      subjectId: w.subject.id,
      channel: 'PHONE',
      type: 'INFORMATION',
    });
  },
  'GET /api/v1/data-requests': async ({ call }) => {
    await call('get', `${V}/data-requests`);
  },
  'GET /api/v1/data-requests/:id': async ({ w, call }) => {
    await call('get', `${V}/data-requests/${w.requestId}`);
  },
  'POST /api/v1/data-requests/:id/assign': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/assign`, {});
  },
  'POST /api/v1/data-requests/:id/complete': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/complete`, {});
  },
  'POST /api/v1/data-requests/:id/reject': async ({ w, call }) => {
    await call('post', `${V}/data-requests/${w.requestId}/reject`, { reason: 'Не нужно' });
  },
  'POST /api/v1/transfers': async ({ w, call }) => {
    await call(
      'post',
      `${V}/transfers`,
      {
        subjectId: w.subject.id,
        thirdPartyId: w.thirdPartyId,
        categories: ['IDENTITY', 'ID_DOCUMENT'],
        purpose: 'IDENTIFICATION',
        legalBasis: 'CONSENT',
        lawReference: null,
      },
      purposeHeaders('IDENTIFICATION'),
    );
  },
  'GET /api/v1/transfers/check': async ({ w, call }) => {
    await call(
      'get',
      `${V}/transfers/check?subjectId=${w.subject.id}&thirdPartyId=${w.thirdPartyId}&categories=IDENTITY&purpose=IDENTIFICATION&legalBasis=CONSENT`,
    );
  },
  'GET /api/v1/transfers': async ({ w, call }) => {
    await call('get', `${V}/transfers?subjectId=${w.subject.id}`);
  },
  'POST /api/v1/third-parties': async ({ t, call }) => {
    await call(
      'post',
      `${V}/third-parties`,
      partyBody(t, { categories: EVERYTHING.categories.slice(0, 4) }),
    );
  },
  'GET /api/v1/third-parties': async ({ call }) => {
    await call('get', `${V}/third-parties`);
  },
  'GET /api/v1/third-parties/:id': async ({ w, call }) => {
    await call('get', `${V}/third-parties/${w.thirdPartyId}`);
  },
  'PATCH /api/v1/third-parties/:id': async ({ w, call }) => {
    await call('patch', `${V}/third-parties/${w.thirdPartyId}`, { name: 'ТОО «Своя Проверка»' });
  },
  'GET /api/v1/third-parties/:id/history': async ({ w, call }) => {
    await call('get', `${V}/third-parties/${w.thirdPartyId}/history`);
  },
  'GET /api/v1/countries': async ({ call }) => {
    await call('get', `${V}/countries`);
  },
  'PUT /api/v1/countries/:code': async ({ call }) => {
    await call('put', `${V}/countries/US`, {
      protectsPd: true,
      reason: 'Удобно',
      decidedOn: '2026-11-24',
    });
  },
  'GET /api/v1/countries/:code/history': async ({ call }) => {
    await call('get', `${V}/countries/US/history`);
  },
  'GET /api/v1/incidents': async ({ call }) => {
    await call('get', `${V}/incidents`);
  },
  'POST /api/v1/incidents': async ({ w, call }) => {
    await call('post', `${V}/incidents`, {
      actorKind: 'staff',
      actorId: w.officer.id,
      description: 'Подозрительно',
    });
  },
  'POST /api/v1/incidents/:id/lift': async ({ t, call }) => {
    const open: Array<{ id: string }> = await t.db.query(
      'SELECT id FROM incidents WHERE liftedAt IS NULL',
    );
    for (const id of [randomUUID(), ...open.map((row) => row.id)]) {
      await call('post', `${V}/incidents/${id}/lift`, { reason: 'Ошибка' });
    }
  },
  'GET /api/v1/audit': async ({ w, call }) => {
    await call('get', `${V}/audit?subjectId=${w.subject.id}`);
  },
  'GET /api/v1/audit/verify': async ({ call }) => {
    await call('get', `${V}/audit/verify`);
  },
  'POST /api/v1/subjects/:id/exports': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      for (const category of ['IDENTITY', 'CONTACT', 'BANKING', 'ID_DOCUMENT']) {
        await call(
          'post',
          `${V}/subjects/${w.subject.id}/exports`,
          { categories: [category], destination: 'Себе' },
          purposeHeaders(purpose),
        );
      }
    }
  },
  'POST /api/v1/subjects/:id/reports': async ({ w, call }) => {
    for (const purpose of PURPOSES) {
      await call(
        'post',
        `${V}/subjects/${w.subject.id}/reports`,
        { destination: 'Себе' },
        purposeHeaders(purpose),
      );
    }
  },
  'GET /api/v1/media': async ({ call }) => {
    await call('get', `${V}/media`);
  },
  'GET /api/v1/media/:id': async ({ t, call }) => {
    const rows: Array<{ id: string }> = await t.db.query('SELECT id FROM media');
    for (const id of [randomUUID(), ...rows.map((row) => row.id)])
      await call('get', `${V}/media/${id}`);
  },
  'POST /api/v1/media/:id/destroy': async ({ call }) => {
    await call('post', `${V}/media/${randomUUID()}/destroy`, { method: 'DELETED' });
  },
  'POST /api/v1/media/:id/verify': async ({ call }) => {
    await call('post', `${V}/media/${randomUUID()}/verify`, { sha256: '0'.repeat(64) });
  },
  'GET /api/v1/retention/due': async ({ call }) => {
    await call('get', `${V}/retention/due?before=2100-01-01T00:00:00.000Z`);
  },
  // Events carry no PD: an attacker's own endpoint learns ids and codes, nothing more.
  'POST /api/v1/webhooks': async ({ me, w, call }) => {
    const created = await call('post', `${V}/webhooks`, {
      clientId: w.billingId,
      url: `https://hooks.${me.domain}/steal`,
      events: ['consent.granted', 'subject.depersonalized'],
    });
    me.made.webhooks.push(...ok(created).map((answer) => answer.body.id as string));
  },
  'GET /api/v1/webhooks': async ({ call }) => {
    await call('get', `${V}/webhooks`);
  },
  'GET /api/v1/webhooks/:id': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks]) await call('get', `${V}/webhooks/${id}`);
  },
  'PATCH /api/v1/webhooks/:id': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks]) {
      await call('patch', `${V}/webhooks/${id}`, { events: ['consent.withdrawn'] });
    }
  },
  'GET /api/v1/webhooks/:id/deliveries': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks]) {
      await call('get', `${V}/webhooks/${id}/deliveries`);
    }
  },
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks]) {
      await call('post', `${V}/webhooks/${id}/deliveries/${randomUUID()}/redeliver`);
    }
  },
  'POST /api/v1/webhooks/:id/secret': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks])
      await call('post', `${V}/webhooks/${id}/secret`);
  },
  'DELETE /api/v1/webhooks/:id': async ({ me, call }) => {
    for (const id of [randomUUID(), ...me.made.webhooks])
      await call('delete', `${V}/webhooks/${id}`);
  },
  'GET /api/v1/outbox': async ({ call }) => {
    await call('get', `${V}/outbox?kind=STAFF_ENROLMENT`);
  },
  'POST /api/v1/policy-versions': async ({ call }) => {
    await call('post', `${V}/policy-versions`, {
      label: `evil-${randomUUID()}`,
      text: 'Всё можно',
      significant: false,
    });
  },
  'GET /api/v1/policy-versions': async ({ call }) => {
    await call('get', `${V}/policy-versions`);
  },
  'GET /api/v1/policy-versions/:id/pending-acceptances': async ({ w, call }) => {
    await call('get', `${V}/policy-versions/${w.policyVersionId}/pending-acceptances`);
  },
  'GET /api/v1/me': async ({ call }) => {
    await call('get', `${V}/me`);
  },
  'PATCH /api/v1/me': async ({ call }) => {
    await call('patch', `${V}/me`, { phone: uniquePhone() });
  },
  'PUT /api/v1/me/password': async ({ call }) => {
    await call('put', `${V}/me/password`, {
      currentPassword: 'not-the-password-at-all',
      newPassword: 'another-strong-passphrase-22',
    });
  },
  'GET /api/v1/me/consents': async ({ call }) => {
    await call('get', `${V}/me/consents`);
  },
  'POST /api/v1/me/consents': async ({ w, call }) => {
    await call('post', `${V}/me/consents`, {
      purpose: 'PUBLIC_DISTRIBUTION',
      policyVersionId: w.policyVersionId,
    });
  },
  'DELETE /api/v1/me/consents/:purpose': async ({ call }) => {
    await call('delete', `${V}/me/consents/PUBLIC_DISTRIBUTION`);
  },
  'GET /api/v1/me/consents/:consentId/receipt': async ({ t, w, call }) => {
    const [consent] = await t.db.query('SELECT id FROM consents WHERE subjectId = ?', [
      w.subject.id,
    ]);
    await call('get', `${V}/me/consents/${consent.id as string}/receipt`);
  },
  'POST /api/v1/me/requests': async ({ call }) => {
    await call('post', `${V}/me/requests`, { type: 'INFORMATION' });
  },
  'GET /api/v1/me/requests': async ({ call }) => {
    await call('get', `${V}/me/requests`);
  },
  'GET /api/v1/me/requests/:id': async ({ w, call }) => {
    await call('get', `${V}/me/requests/${w.requestId}`);
  },
  'GET /api/v1/me/report': async ({ call }) => {
    await call('get', `${V}/me/report`);
  },
  'GET /api/v1/me/report.pdf': async ({ call }) => {
    await call('get', `${V}/me/report.pdf`);
  },
  'GET /api/v1/me/access-log': async ({ call }) => {
    await call('get', `${V}/me/access-log`);
  },
  'GET /api/v1/me/transfers': async ({ call }) => {
    await call('get', `${V}/me/transfers`);
  },
  'POST /api/v1/auth/logout': async ({ call }) => {
    await call('post', `${V}/auth/logout`);
  },
};

/** Ends the tokens it is called with: only in the last round. */
export const LAST = 'POST /api/v1/auth/logout';
