import { signatureHeader, verifySignature } from './signature';

describe('webhook signature (issue 14 §4)', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"consent.granted"}';
  const now = 1_800_000_000;

  it('verifies what it signed', () => {
    expect(verifySignature(body, signatureHeader(secret, now, body), secret, { now })).toEqual({
      ok: true,
      timestamp: now,
    });
  });

  it('refuses another body, another secret, a malformed header', () => {
    const header = signatureHeader(secret, now, body);
    expect(verifySignature(`${body} `, header, secret, { now })).toMatchObject({ ok: false });
    expect(verifySignature(body, header, 'whsec_other', { now })).toMatchObject({
      reason: 'SIGNATURE_MISMATCH',
    });
    expect(verifySignature(body, 'v1=abc', secret, { now })).toMatchObject({ reason: 'MALFORMED' });
    expect(verifySignature(body, undefined, secret, { now })).toMatchObject({
      reason: 'MALFORMED',
    });
  });

  it('refuses a replay older than five minutes', () => {
    const header = signatureHeader(secret, now, body);
    expect(verifySignature(body, header, secret, { now: now + 300 }).ok).toBe(true);
    expect(verifySignature(body, header, secret, { now: now + 301 })).toMatchObject({
      reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
    });
  });
});
