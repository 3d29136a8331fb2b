import { randomUUID } from 'node:crypto';

/** A chain's last entry: the link the next entry is hashed onto. */
export interface Head {
  seq: number;
  hash: string;
}

/**
 * - `unsaved`: the lane is not registered yet (no `audit_chains` row, no AUDIT_LANE_OPEN);
 *   a serving instance registers its lanes at start, a CLI run only when it records;
 * - `ready`: `head` is the chain's last durable entry;
 * - `stale`: a write failed or its outcome is unknown; re-read the head before use.
 */
export type LaneState = 'unsaved' | 'ready' | 'stale';

/** One chain this process appends to. Only the holder of the lane changes it. */
export class Lane {
  readonly chainId = randomUUID();
  readonly genesis: Head;
  head: Head;
  state: LaneState = 'unsaved';
  /**
   * The lane is final: closed, or sealed by another instance while this one was paused.
   * Only ever set to true (by anyone); the next holder puts a new lane in its place.
   */
  sealed = false;
  /** Registered by a transaction that has not committed yet: no checkpoint to keep fresh. */
  opening = false;
  /** The holder's entries written in its still-open transaction. */
  pending: Head | null = null;
  /** The last seq written to the chain's checkpoint, and when (epoch ms). */
  checkpointed = 0;
  checkpointedAt = 0;

  constructor(
    readonly index: number,
    genesisHash: (chainId: string) => string,
  ) {
    this.genesis = { seq: 0, hash: genesisHash(this.chainId) };
    this.head = this.genesis;
  }
}

/**
 * K lanes handed out one holder at a time: a free lane at once (round-robin, so every
 * chain takes a share), otherwise the caller waits its turn in FIFO order and is handed
 * the next lane released. A lane's slot can be given a new lane (`replace`) by its
 * holder, when the old one turned out to be sealed.
 */
export class LanePool {
  private readonly lanes: Lane[];
  private readonly busy: boolean[];
  private readonly waiting: Array<(lane: Lane) => void> = [];
  private cursor = 0;

  constructor(
    size: number,
    private readonly genesisHash: (chainId: string) => string,
  ) {
    this.lanes = Array.from({ length: size }, (_, index) => new Lane(index, genesisHash));
    this.busy = this.lanes.map(() => false);
  }

  all(): readonly Lane[] {
    return this.lanes;
  }

  acquire(): Promise<Lane> {
    for (let step = 0; step < this.lanes.length; step++) {
      const index = (this.cursor + step) % this.lanes.length;
      if (!this.busy[index]) {
        this.busy[index] = true;
        this.cursor = index + 1;
        return Promise.resolve(this.lanes[index]);
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Takes every free lane that `wanted` picks, without waiting for busy ones. */
  takeFree(wanted: (lane: Lane) => boolean): Lane[] {
    const taken = this.lanes.filter((lane) => !this.busy[lane.index] && wanted(lane));
    for (const lane of taken) this.busy[lane.index] = true;
    return taken;
  }

  /** A new, unregistered lane in the held lane's slot; the holder goes on holding the slot. */
  replace(held: Lane): Lane {
    const fresh = new Lane(held.index, this.genesisHash);
    this.lanes[held.index] = fresh;
    return fresh;
  }

  release(lane: Lane): void {
    const current = this.lanes[lane.index];
    const next = this.waiting.shift();
    if (next) next(current);
    else this.busy[lane.index] = false;
  }

  /** How many callers are waiting for a lane. */
  get queued(): number {
    return this.waiting.length;
  }
}
