import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { sameDigest } from './audit-hash';
import type { Head } from './audit-lanes';
import { AuditVerifier, type VerifyReport } from './audit-verifier';
import type { AnchorHeads } from './lane-findings';

export const ANCHOR_FORMAT = 'pd-audit-anchor/1';

/** What `audit:anchor` prints, and `audit:verify --anchor` reads back. */
export interface Anchor {
  format: typeof ANCHOR_FORMAT;
  at: string;
  heads: Array<{ chainId: string; seq: number; hash: string }>;
  signature: string;
}

/** An anchor file that cannot be used: unreadable, or not signed with this trail's key. */
export class AnchorError extends Error {}

const ID = /^[0-9a-f-]{36}$/;
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * The trail's state as a client keeps it, the way immudb's clients keep the last state
 * they verified: a signed list of every chain's head (seq and hash), the lane registry
 * included. Whoever can rewrite the database can roll it back to an older state that
 * verifies on its own (or delete all of it); they cannot make it hold an anchor's heads
 * again once entries are gone. Since every entry's hash covers all before it, the chain
 * still holding the anchor's hash at the anchor's seq proves the whole prefix intact,
 * and the registry's head proves every lane opened until then is still listed.
 *
 * An anchor is only taken of a trail that verifies, so it never vouches for damage.
 * Operators keep anchors where the database's administrators cannot write (README).
 */
@Injectable()
export class AuditAnchors {
  private readonly key: Buffer;

  constructor(
    private readonly verifier: AuditVerifier,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.key = config.keys.auditKey;
  }

  /** Verifies the trail and, when it holds, signs its heads. */
  async take(): Promise<{ report: VerifyReport; anchor?: Anchor }> {
    const { report, heads } = await this.verifier.walk();
    if (!report.ok) return { report };
    const at = this.clock.now().toISOString();
    const list = [...heads.entries()]
      .map(([chainId, head]) => ({ chainId, seq: head.seq, hash: head.hash }))
      .sort((a, b) => a.chainId.localeCompare(b.chainId));
    return {
      report,
      anchor: { format: ANCHOR_FORMAT, at, heads: list, signature: this.sign(at, list) },
    };
  }

  /** Verifies the trail, and that it still holds everything the anchor saw. */
  verifyAgainst(anchor: AnchorHeads): Promise<VerifyReport> {
    return this.verifier.verify(anchor);
  }

  /** Reads an anchor file's text; throws AnchorError when it is malformed or not ours. */
  parse(text: string): AnchorHeads {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AnchorError('the anchor is not JSON');
    }
    const anchor = value as Partial<Anchor>;
    if (
      anchor?.format !== ANCHOR_FORMAT ||
      typeof anchor.at !== 'string' ||
      Number.isNaN(Date.parse(anchor.at)) ||
      !Array.isArray(anchor.heads) ||
      typeof anchor.signature !== 'string' ||
      !anchor.heads.every(
        (head) =>
          typeof head?.chainId === 'string' &&
          ID.test(head.chainId) &&
          Number.isSafeInteger(head.seq) &&
          head.seq >= 0 &&
          typeof head.hash === 'string' &&
          DIGEST.test(head.hash),
      )
    ) {
      throw new AnchorError(`the anchor is not a ${ANCHOR_FORMAT} document`);
    }
    if (!sameDigest(anchor.signature, this.sign(anchor.at, anchor.heads))) {
      throw new AnchorError('the anchor is not signed with this trail’s AUDIT_HMAC_KEY');
    }
    const heads = new Map<string, Head>(
      anchor.heads.map((head) => [head.chainId, { seq: head.seq, hash: head.hash }]),
    );
    return { at: anchor.at, heads };
  }

  private sign(at: string, heads: Anchor['heads']): string {
    const lines = [...heads]
      .sort((a, b) => a.chainId.localeCompare(b.chainId))
      .map((head) => `${head.chainId}:${head.seq}:${head.hash}`);
    return createHmac('sha256', this.key)
      .update(`audit-anchor\u0000${at}\u0000${lines.join('\n')}`)
      .digest('hex');
  }
}
