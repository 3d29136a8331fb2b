import { isPrivateAddress, refuseUrl } from './target-guard';

describe('webhook target guard (issue 14 §4, SSRF)', () => {
  const strict = { allowHttp: false, allowPrivate: false };

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8'])(
    'admits %s',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );

  it('admits a public https URL, and http or private ones only when allowed', () => {
    expect(refuseUrl('https://billing.fingram.kz/hooks', strict)).toBeNull();
    expect(refuseUrl('http://billing.fingram.kz/hooks', strict)).toBe('SCHEME_NOT_ALLOWED');
    expect(refuseUrl('ftp://billing.fingram.kz/hooks', { ...strict, allowHttp: true })).toBe(
      'SCHEME_NOT_ALLOWED',
    );
    expect(refuseUrl('http://127.0.0.1:8080/', { allowHttp: true, allowPrivate: true })).toBeNull();
    expect(refuseUrl('https://127.0.0.1/', strict)).toBe('PRIVATE_ADDRESS');
  });
});
