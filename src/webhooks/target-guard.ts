import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/*
 * A webhook must not be turned against the internal network (SSRF): its URL is https
 * (http only with WEBHOOK_ALLOW_HTTP), carries no credentials, and its host must not be,
 * or resolve to, a loopback, private, link-local, shared, multicast or reserved address
 * (unless WEBHOOK_ALLOW_PRIVATE). Checked at registration for literal addresses and
 * names like `localhost`, and again at every delivery on the addresses the name resolves
 * to then; the connection goes to the address that was checked, so a DNS answer that
 * changes between check and connect (rebinding) cannot slip past.
 */

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

export interface TargetRules {
  allowHttp: boolean;
  allowPrivate: boolean;
}

export type TargetRefusal =
  'NOT_A_URL' | 'SCHEME_NOT_ALLOWED' | 'CREDENTIALS_IN_URL' | 'PRIVATE_ADDRESS';

/** Whether the address is one a webhook may not reach (IPv4-mapped IPv6 judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

/** The URL's own shape, checked at registration (and again before each delivery). */
export function refuseUrl(text: string, rules: TargetRules): TargetRefusal | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'NOT_A_URL';
  }
  if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:')) {
    return 'SCHEME_NOT_ALLOWED';
  }
  if (url.username || url.password) return 'CREDENTIALS_IN_URL';
  if (rules.allowPrivate) return null;
  const host = hostOf(url);
  if (isIP(host)) return isPrivateAddress(host) ? 'PRIVATE_ADDRESS' : null;
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
    return 'PRIVATE_ADDRESS';
  }
  return null;
}

/**
 * At delivery: the address to connect to, after checking every address the host
 * resolves to now. Null when the URL or any address is refused.
 */
export async function resolveTarget(
  text: string,
  rules: TargetRules,
): Promise<{ url: URL; address: string; family: number } | { refused: TargetRefusal }> {
  const refusal = refuseUrl(text, rules);
  if (refusal) return { refused: refusal };
  const url = new URL(text);
  const host = hostOf(url);
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) return { refused: 'NOT_A_URL' };
  if (!rules.allowPrivate && addresses.some(({ address }) => isPrivateAddress(address))) {
    return { refused: 'PRIVATE_ADDRESS' };
  }
  return { url, ...addresses[0] };
}

/** The hostname without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
