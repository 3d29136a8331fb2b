import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/**
 * Work that a request's transactions must do before they commit, whatever service runs
 * them: an idempotency key records, in the very transaction of the work, that the work
 * was done (and that this request still holds the key). Set for the duration of one
 * request's handler; Transactions.run calls each hook just before it commits.
 */
export interface WorkScope {
  beforeCommit(manager: EntityManager): Promise<void>;
  /** A transaction of this request committed after its beforeCommit hook ran. */
  committed: boolean;
}

const scopes = new AsyncLocalStorage<WorkScope>();

export function runInWorkScope<T>(scope: WorkScope, work: () => T): T {
  return scopes.run(scope, work);
}

export function currentWorkScope(): WorkScope | undefined {
  return scopes.getStore();
}
