import { AuditProblem } from './audit-actions';
import type { AuditChain } from './audit-chain.entity';
import type { Head } from './audit-lanes';
import type { BadEntry, Walked } from './chain-walk';

/** What an anchor saw: each chain's head at `at` (see AuditAnchors). */
export interface AnchorHeads {
  at: string;
  heads: ReadonlyMap<string, Head>;
}

export interface TrailSeen {
  registryId: string;
  /** Every chain walked, the registry included. */
  walked: ReadonlyMap<string, Walked>;
  signed: (checkpoint: AuditChain) => boolean;
  anchor?: AnchorHeads;
}

/**
 * The lane-level checks, over what the walks saw: each damaged chain's first problem.
 * - a lane the registry does not list (LANE_UNREGISTERED), or one it lists whose
 *   checkpoint row is gone (LANE_MISSING): a lane inserted, or deleted with its row;
 * - a checkpoint that is not signed, or names an entry the chain does not hold
 *   (CHECKPOINT_FORGED), and a chain that ends before it (CHECKPOINT_MISSING);
 * - a seal that the lane's last entry, its checkpoint and the registry do not all
 *   state, or entries after it (SEAL_BROKEN);
 * - with an anchor, a head it saw that the chain no longer holds (ANCHOR_NOT_COVERED).
 */
export function laneFindings(trail: TrailSeen): BadEntry[] {
  const registry = trail.walked.get(trail.registryId);
  const ids = new Set([
    ...trail.walked.keys(),
    ...(registry?.opened.keys() ?? []),
    ...(trail.anchor?.heads.keys() ?? []),
  ]);
  ids.delete(trail.registryId);
  const found: BadEntry[] = [];
  const registryBad = registryProblem(registry, trail);
  if (registryBad) found.push(registryBad);
  for (const id of [...ids].sort()) {
    const bad = laneProblem(id, trail.walked.get(id), registry, trail);
    if (bad) found.push(bad);
  }
  return found;
}

function registryProblem(registry: Walked | undefined, trail: TrailSeen): BadEntry | undefined {
  if (!registry) return anchorProblem(trail.registryId, undefined, trail.anchor);
  if (!registry.checkpoint) {
    return problem(registry, AuditProblem.CHECKPOINT_MISSING, registry.first, {
      at: registry.first?.at ?? null,
      detail: 'the lane registry has entries but no checkpoint row',
    });
  }
  return (
    chainProblem(registry, registry.checkpoint, trail) ??
    anchorProblem(trail.registryId, registry, trail.anchor)
  );
}

function laneProblem(
  id: string,
  lane: Walked | undefined,
  registry: Walked | undefined,
  trail: TrailSeen,
): BadEntry | undefined {
  const opened = registry?.opened.get(id);
  if (!opened && lane) {
    return problem(lane, AuditProblem.LANE_UNREGISTERED, lane.first, {
      at: lane.first?.at ?? lane.checkpoint?.createdAt.toISOString() ?? null,
      detail:
        'the lane registry does not list this lane: it was inserted, or its registration removed',
    });
  }
  if (opened && !lane?.checkpoint) {
    return {
      entryId: lane?.first?.id ?? null,
      chainId: id,
      seq: lane?.first?.seq ?? 0,
      at: opened.at,
      problem: AuditProblem.LANE_MISSING,
      detail: `the registry lists this lane (opened ${opened.at}) but its checkpoint row is gone${lane ? '' : ', and every entry'}: the lane was deleted`,
    };
  }
  if (!lane) return anchorProblem(id, undefined, trail.anchor);
  return (
    chainProblem(lane, lane.checkpoint!, trail) ??
    sealProblem(lane, lane.checkpoint!, registry?.ended.has(id) ?? false) ??
    anchorProblem(id, lane, trail.anchor)
  );
}

/** Checks common to lanes and the registry: the walk, then the signed checkpoint. */
function chainProblem(
  chain: Walked,
  checkpoint: AuditChain,
  trail: TrailSeen,
): BadEntry | undefined {
  if (chain.bad) return chain.bad;
  const lastSeq = chain.last?.seq ?? 0;
  if (!trail.signed(checkpoint)) {
    return problem(chain, AuditProblem.CHECKPOINT_FORGED, chain.last, {
      seq: checkpoint.lastSeq,
      at: checkpoint.checkpointedAt.toISOString(),
      detail: `its checkpoint (seq ${checkpoint.lastSeq}) is not signed with AUDIT_HMAC_KEY: it was edited`,
    });
  }
  if (lastSeq < checkpoint.lastSeq) {
    return problem(chain, AuditProblem.CHECKPOINT_MISSING, chain.last, {
      at: chain.last?.at ?? checkpoint.createdAt.toISOString(),
      detail: `the chain ends at seq ${lastSeq} but was checkpointed at seq ${checkpoint.lastSeq} on ${checkpoint.checkpointedAt.toISOString()}`,
    });
  }
  if (checkpoint.lastSeq > 0 && chain.hashAt.get(checkpoint.lastSeq) !== checkpoint.lastHash) {
    return problem(chain, AuditProblem.CHECKPOINT_FORGED, chain.last, {
      seq: checkpoint.lastSeq,
      at: checkpoint.checkpointedAt.toISOString(),
      detail: `its checkpoint names an entry at seq ${checkpoint.lastSeq} that the chain does not hold`,
    });
  }
  return undefined;
}

function sealProblem(
  lane: Walked,
  checkpoint: AuditChain,
  inRegistry: boolean,
): BadEntry | undefined {
  const sealed = checkpoint.sealedAt !== null;
  const broken = (detail: string, at = lane.end ?? lane.last) =>
    problem(lane, AuditProblem.SEAL_BROKEN, at, { at: at?.at ?? null, detail });
  if (lane.afterEnd) return broken('an entry was written after the lane ended', lane.afterEnd);
  if (sealed && lane.end?.seq !== checkpoint.lastSeq)
    return broken(`the lane is sealed at seq ${checkpoint.lastSeq} but that entry is not its seal`);
  if (lane.end && !sealed)
    return broken(
      `the lane ended at seq ${lane.end.seq} but its checkpoint is not final: the seal was undone`,
    );
  if (sealed && !inRegistry)
    return broken('the lane is sealed but the registry does not record its end');
  if (!sealed && inRegistry)
    return broken(
      'the registry records the end of this lane but its checkpoint is not final: the seal was undone',
    );
  return undefined;
}

function anchorProblem(
  chainId: string,
  chain: Walked | undefined,
  anchor: AnchorHeads | undefined,
): BadEntry | undefined {
  const head = anchor?.heads.get(chainId);
  if (!anchor || !head) return undefined;
  if (chain && (head.seq === 0 || chain.hashAt.get(head.seq) === head.hash)) return undefined;
  const now = chain?.last?.seq ?? 0;
  return {
    entryId: chain?.last?.id ?? null,
    chainId,
    seq: head.seq,
    at: anchor.at,
    problem: AuditProblem.ANCHOR_NOT_COVERED,
    detail: !chain
      ? `the anchor of ${anchor.at} saw this chain up to seq ${head.seq}; it is gone`
      : now < head.seq
        ? `the anchor of ${anchor.at} saw this chain up to seq ${head.seq}; it now ends at seq ${now}`
        : `the anchor of ${anchor.at} saw another entry at seq ${head.seq}`,
  };
}

function problem(
  chain: Walked,
  kind: AuditProblem,
  entry: { id: string; seq: number } | undefined,
  fields: { at: string | null; detail: string; seq?: number },
): BadEntry {
  return {
    entryId: entry?.id ?? null,
    chainId: chain.chainId,
    seq: fields.seq ?? entry?.seq ?? 0,
    at: fields.at,
    problem: kind,
    detail: fields.detail,
  };
}
