import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditEntry } from './audit-entry.entity';

/**
 * Everything an entry's hash covers: all of it but the two hashes themselves and
 * detection's working columns (`readWindow`, `readsInWindow`), which are not the record.
 */
export type HashedFields = Omit<AuditEntry, 'prevHash' | 'hash' | 'readWindow' | 'readsInWindow'>;

/**
 * The one serialisation an entry is hashed in: JSON with the keys in alphabetical order,
 * `at` as ISO 8601 UTC with milliseconds, absent values as null. The id, the chain and
 * the position are inside it, so an entry cannot be moved, renumbered or copied to
 * another chain without its hash changing. Changing this function invalidates every
 * stored hash: add a new version instead. Fields added later are hashed only when set
 * (`identifierHash`), so entries written before them keep their hashes.
 */
export function canonicalJson(entry: HashedFields): string {
  return JSON.stringify({
    action: entry.action,
    actorId: entry.actorId,
    actorKind: entry.actorKind,
    actorRoles: entry.actorRoles,
    at: entry.at.toISOString(),
    categories: entry.categories,
    chainId: entry.chainId,
    code: entry.code,
    fields: entry.fields,
    id: entry.id,
    // Left out when unset (JSON.stringify drops undefined), as it was before it existed.
    identifierHash: entry.identifierHash || undefined,
    ip: entry.ip,
    operation: entry.operation,
    outcome: entry.outcome,
    purpose: entry.purpose,
    reason: entry.reason,
    requestId: entry.requestId,
    seq: entry.seq,
    subjectId: entry.subjectId,
    targetId: entry.targetId,
  });
}

/**
 * `HMAC-SHA256(AUDIT_HMAC_KEY, prevHash + canonical JSON)`. Keyed, so that someone who
 * can write to the database but does not hold the key cannot recompute a chain after
 * editing it; linked, so that an entry vouches for the one before it.
 */
export function entryHash(key: Buffer, prevHash: string, entry: HashedFields): string {
  return createHmac('sha256', key).update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/** The `prevHash` of a chain's first entry: bound to the chain, unforgeable without the key. */
export function genesisHash(key: Buffer, chainId: string): string {
  return createHmac('sha256', key).update(`audit-chain-genesis\u0000${chainId}`).digest('hex');
}

/** What a checkpoint vouches for: the chain's head at a moment, and whether it is final. */
export interface CheckpointFields {
  id: string;
  lastSeq: number;
  lastHash: string;
  checkpointedAt: Date;
  sealedAt: Date | null;
}

/**
 * `HMAC(AUDIT_HMAC_KEY, …)` of a checkpoint. Someone who can write to the database but
 * does not hold the key cannot lower a checkpoint to match a cut tail, refresh a dead
 * lane's checkpoint to keep it from being sealed, or undo a seal.
 */
export function checkpointSignature(key: Buffer, checkpoint: CheckpointFields): string {
  return createHmac('sha256', key)
    .update('audit-checkpoint\u0000')
    .update(
      [
        checkpoint.id,
        String(checkpoint.lastSeq),
        checkpoint.lastHash,
        checkpoint.checkpointedAt.toISOString(),
        checkpoint.sealedAt?.toISOString() ?? 'open',
      ].join('\u0000'),
    )
    .digest('hex');
}

/** Constant-time equality of two hex digests (a signature check must not leak how far it matched). */
export function sameDigest(a: string | null | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const REASON_MAX = 200;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A caller-supplied reason as it will be stored and hashed: well-formed Unicode (a lone
 * surrogate would not survive utf8mb4 and would break its own hash), no control
 * characters, at most 200 characters (the column's size), trimmed; empty means none.
 */
export function normaliseReason(reason: string | null | undefined): string | null {
  if (reason === null || reason === undefined) return null;
  const clean = reason.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, ' ').trim();
  const clipped = Array.from(clean).slice(0, REASON_MAX).join('').trim();
  return clipped === '' ? null : clipped;
}

/** Sorted and without repeats, so the same facts always give the same entry. */
export function normaliseList<T extends string>(values: readonly T[] | undefined): T[] {
  return [...new Set(values ?? [])].sort();
}
