import { randomInt } from 'node:crypto';
import { checkDigit } from '../../src/pd/validation/iin';
import { legalDay } from '../../src/third-parties/legal-day';
import { bearer } from '../support/actors';
import type { TestApp } from '../support/app';

/** A valid BIN: registered YYMM, a legal entity (4), head office (0), a serial, the check digit. */
export function uniqueBin(): string {
  for (;;) {
    const base = `${String(randomInt(0, 25)).padStart(2, '0')}${String(randomInt(1, 13)).padStart(2, '0')}40${String(randomInt(0, 100000)).padStart(5, '0')}`;
    const check = checkDigit(base);
    if (check !== null) return `${base}${check}`;
  }
}

/** The day in Asia/Almaty `days` from the app's now. */
export function dayFrom(t: TestApp, days: number): string {
  return legalDay(new Date(t.clock.now().getTime() + days * 86_400_000));
}

/** Milliseconds from the app's now to the next midnight in Asia/Almaty (found, not assumed). */
export function msToNextLegalDay(t: TestApp): number {
  const now = t.clock.now().getTime();
  const today = legalDay(new Date(now));
  let low = 0;
  let high = 26 * 3_600_000;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (legalDay(new Date(now + mid)) === today) low = mid;
    else high = mid;
  }
  return high;
}

export function partyBody(t: TestApp, overrides: Record<string, unknown> = {}) {
  return {
    name: 'ТОО «Проверка»',
    bin: uniqueBin(),
    registrationNumber: null,
    country: 'KZ',
    role: 'VERIFIER',
    agreement: {
      number: `NDA-${randomInt(0, 1e6)}`,
      signedOn: dayFrom(t, -30),
      validUntil: dayFrom(t, 365),
      confidentiality: true,
    },
    categories: ['IDENTITY', 'ID_DOCUMENT'],
    ...overrides,
  };
}

/** A foreign party: registration number instead of a BIN. */
export function foreignBody(t: TestApp, country: string, overrides: Record<string, unknown> = {}) {
  return partyBody(t, {
    name: 'Foreign Payments GmbH',
    bin: null,
    registrationNumber: `HRB-${randomInt(0, 1e6)}`,
    country,
    role: 'PAYMENT_PROVIDER',
    categories: ['IDENTITY', 'BANKING'],
    ...overrides,
  });
}

export async function createParty(
  t: TestApp,
  officerToken: string,
  body: Record<string, unknown>,
): Promise<{ id: string } & Record<string, unknown>> {
  const response = await t
    .http()
    .post('/api/v1/third-parties')
    .set(bearer(officerToken))
    .send(body);
  if (response.status !== 201)
    throw new Error(`third party failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string };
}

export async function decideCountry(
  t: TestApp,
  officerToken: string,
  code: string,
  protectsPd: boolean,
): Promise<void> {
  const response = await t
    .http()
    .put(`/api/v1/countries/${code}`)
    .set(bearer(officerToken))
    .send({ protectsPd, reason: 'Adequacy decision on file', decidedOn: dayFrom(t, 0) });
  if (response.status !== 200)
    throw new Error(`country failed: ${response.status} ${JSON.stringify(response.body)}`);
}
