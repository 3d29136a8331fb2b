import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface Tx {
  readonly manager: EntityManager;
  /** Runs after the transaction has ended, with whether it committed. */
  onSettled(hook: (committed: boolean) => void): void;
}

/**
 * Every write goes through here: `run` for a transaction, `write` for one autocommit
 * statement. On MySQL each call takes its own pooled connection. On the embedded SQLite
 * default TypeORM shares one connection, so a write issued while another request's
 * transaction is open would become part of it; calls are therefore queued (SQLite
 * admits one writer anyway, and the embedded mode is single-instance by nature).
 */
@Injectable()
export class Transactions {
  private readonly serial: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.serialised(() => this.transaction(work));
  }

  /** One statement that needs no transaction of its own (an insert, a conditional update). */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialised(() => work(this.dataSource.manager));
  }

  /**
   * Autocommit statements on one connection held for the whole call (on SQLite, the
   * queue's turn). For work that also holds an in-process resource, such as an audit
   * lane: taking the connection first means the resource is only ever held by someone
   * who already has a connection, so the pool and the resource cannot deadlock.
   */
  connected<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      if (this.serial) return work(this.dataSource.manager);
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        return await work(runner.manager);
      } finally {
        await runner.release();
      }
    });
  }

  /** Joins the caller's transaction when given one, otherwise opens a new one. */
  within<T>(tx: Tx | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? work(tx) : this.run(work);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serial) return work();
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const hooks: Array<(committed: boolean) => void> = [];
    let committed = false;
    try {
      const result = await this.dataSource.transaction((manager) =>
        work({ manager, onSettled: (hook) => hooks.push(hook) }),
      );
      committed = true;
      return result;
    } finally {
      for (const hook of hooks) hook(committed);
    }
  }
}
