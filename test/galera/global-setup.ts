import { NODES, wsrepState } from '../support/galera';

/** Fails at once, saying what to run, when the cluster is not up and synced. */
export default async function globalSetup(): Promise<void> {
  for (const node of NODES) {
    const state = await wsrepState(node).catch((error: { code?: string }) => ({
      size: 0,
      state: `unreachable (${error.code})`,
    }));
    if (state.size !== 3 || state.state !== 'Synced') {
      throw new Error(
        `Galera node ${node} is ${state.state} in a cluster of ${state.size}: run scripts/galera.sh up first`,
      );
    }
  }
}
