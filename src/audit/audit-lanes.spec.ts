import { LanePool } from './audit-lanes';

const genesis = (chainId: string): string => `genesis:${chainId}`;

describe('audit lanes', () => {
  it('gives each lane a chain of its own, starting from its genesis', () => {
    const pool = new LanePool(3, genesis);
    const chains = pool.all().map((lane) => lane.chainId);
    expect(new Set(chains).size).toBe(3);
    for (const lane of pool.all()) {
      expect(lane.head).toEqual({ seq: 0, hash: `genesis:${lane.chainId}` });
      expect(lane.state).toBe('unsaved');
    }
  });

  it('hands free lanes out round-robin, so every chain takes a share', async () => {
    const pool = new LanePool(3, genesis);
    const order: number[] = [];
    for (let i = 0; i < 6; i++) {
      const lane = await pool.acquire();
      order.push(lane.index);
      pool.release(lane);
    }
    expect(order).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('makes callers wait when every lane is held, and serves them first come, first served', async () => {
    const pool = new LanePool(2, genesis);
    const a = await pool.acquire();
    const b = await pool.acquire();
    const served: string[] = [];
    const waiters = ['first', 'second', 'third'].map((name) =>
      pool.acquire().then((lane) => {
        served.push(name);
        return lane;
      }),
    );
    expect(pool.queued).toBe(3);
    pool.release(b);
    const first = await waiters[0];
    expect(first).toBe(b);
    pool.release(a);
    pool.release(first);
    await Promise.all(waiters.slice(1));
    expect(served).toEqual(['first', 'second', 'third']);
    expect(pool.queued).toBe(0);
  });

  it('takes only free lanes that are asked for, without waiting for busy ones', async () => {
    const pool = new LanePool(3, genesis);
    const held = await pool.acquire();
    const taken = pool.takeFree((lane) => lane.index !== 2);
    expect(taken.map((lane) => lane.index)).toEqual([1]);
    expect(held.index).toBe(0);
    expect((await pool.acquire()).index).toBe(2);
    const waiting = pool.acquire();
    expect(pool.queued).toBe(1);
    pool.release(taken[0]);
    expect((await waiting).index).toBe(1);
  });

  it("puts a new lane, with a chain of its own, in a sealed lane's slot, and hands that on (P11.4)", async () => {
    const pool = new LanePool(1, genesis);
    const sealed = await pool.acquire();
    sealed.sealed = true;
    const fresh = pool.replace(sealed);
    expect(fresh.index).toBe(sealed.index);
    expect(fresh.chainId).not.toBe(sealed.chainId);
    expect(fresh).toMatchObject({ state: 'unsaved', sealed: false });
    expect(pool.all()).toEqual([fresh]);
    const next = pool.acquire();
    pool.release(sealed);
    expect(await next).toBe(fresh);
  });
});
