/**
 * The console in a real browser (`npm run build && npm run test:console`): playwright-core
 * drives the Chromium Debian packages (/usr/bin/chromium) against the built service.
 * Kept out of `npm test`, whose files end in spec.ts / e2e-spec.ts, not browser.ts.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/console'],
  testRegex: '\\.browser\\.ts$',
  globalSetup: '<rootDir>/test/console/support/global-setup.ts',
  // One browser and one built service at a time: the machine has two cores.
  maxWorkers: 1,
  testTimeout: 120000,
};
