import { Not } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { REGISTRY_CHAIN_ID } from '../../src/audit/lane-registry';
import type { VerifyReport } from '../../src/audit/audit-verifier';
import { bearer } from './actors';
import type { TestApp } from './app';

/** `GET /api/v1/audit/verify` as the given auditor or compliance officer. */
export async function verifyTrail(t: TestApp, token: string): Promise<VerifyReport> {
  const response = await t.http().get('/api/v1/audit/verify').set(bearer(token));
  if (response.status !== 200)
    throw new Error(`verify failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as VerifyReport;
}

/** The entries a request left, read straight from the database. */
export function entriesOf(t: TestApp, requestId: string): Promise<AuditEntry[]> {
  return t.db.getRepository(AuditEntry).find({ where: { requestId }, order: { at: 'ASC' } });
}

/** Every lane's entries in seq order, longest lane first (the lane registry left out). */
export async function chainsOf(t: TestApp): Promise<AuditEntry[][]> {
  const rows = await t.db.getRepository(AuditEntry).find({
    where: { chainId: Not(REGISTRY_CHAIN_ID) },
    order: { chainId: 'ASC', seq: 'ASC' },
  });
  const chains = new Map<string, AuditEntry[]>();
  for (const row of rows) chains.set(row.chainId, [...(chains.get(row.chainId) ?? []), row]);
  return [...chains.values()].sort((a, b) => b.length - a.length);
}

/** A request id of our own, well-formed for `X-Request-Id`, so a test can find its entries. */
export const requestIdFor = (label: string): string =>
  `${label}-${Math.random().toString(36).slice(2, 10)}`;

/** The lane registry's entries in seq order (AUDIT_LANE_OPEN, _CLOSE, _SEAL). */
export function registryOf(t: TestApp): Promise<AuditEntry[]> {
  return t.db
    .getRepository(AuditEntry)
    .find({ where: { chainId: REGISTRY_CHAIN_ID }, order: { seq: 'ASC' } });
}
