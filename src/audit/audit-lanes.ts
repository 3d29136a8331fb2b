import { randomUUID } from 'node:crypto';

/** A chain's last entry: the link the next entry is hashed onto. */
export interface Head {
  seq: number;
  hash: string;
}

/**
 * - `unsaved`: the chain's `audit_chains` row is not written yet (chains are saved on
 *   first use, so a process that records nothing, like the CLI, leaves no empty chains);
 * - `ready`: `head` is the chain's last durable entry;
 * - `stale`: a write failed or its outcome is unknown; re-read the head before use.
 */
export type LaneState = 'unsaved' | 'ready' | 'stale';

/** One chain this process appends to. Only the holder of the lane touches it. */
export class Lane {
  readonly chainId = randomUUID();
  readonly genesis: Head;
  head: Head;
  state: LaneState = 'unsaved';
  /** The holder's entries written in its still-open transaction. */
  pending: Head | null = null;
  /** The last seq written to the chain's checkpoint. */
  checkpointed = 0;

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
 * the next lane released.
 */
export class LanePool {
  private readonly lanes: Lane[];
  private readonly busy: boolean[];
  private readonly waiting: Array<(lane: Lane) => void> = [];
  private cursor = 0;

  constructor(size: number, genesisHash: (chainId: string) => string) {
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

  release(lane: Lane): void {
    const next = this.waiting.shift();
    if (next) next(lane);
    else this.busy[lane.index] = false;
  }

  /** How many callers are waiting for a lane. */
  get queued(): number {
    return this.waiting.length;
  }
}
