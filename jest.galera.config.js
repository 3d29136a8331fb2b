/**
 * The cluster test (`npm run test:galera`): the service on a three-node MariaDB Galera
 * cluster started by `scripts/galera.sh up`. Kept out of `npm test`, which needs no cluster.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testRegex: '\\.galera-spec\\.ts$',
  // One cluster, one file at a time: two files at once would race for the same nodes.
  maxWorkers: 1,
  testTimeout: 180000,
  setupFiles: [...base.setupFiles, '<rootDir>/test/galera/env.ts'],
  globalSetup: '<rootDir>/test/galera/global-setup.ts',
};
