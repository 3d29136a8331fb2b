const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const durations = require('./test/durations.json');

/**
 * Runs the longest test files first, so that no worker sits idle at the end of a run while
 * one long file finishes. Jest does this by itself from its cache of earlier runs, which a
 * fresh clone (CI) does not have; there it falls back to file size, and the longest files
 * here are small ones that loop over every route. So the seconds each file took in a CI run
 * (test/durations.json, by path from the repository's root) decide; a file not listed
 * there goes by the time jest's cache has for it, and ties keep jest's own order.
 */
class LongestFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort([...tests]);
    const seconds = (test) =>
      durations[relative(test.context.config.rootDir, test.path)] ?? (test.duration ?? 0) / 1000;
    const rank = new Map(ordered.map((test, index) => [test, index]));
    return ordered.sort((a, b) => seconds(b) - seconds(a) || rank.get(a) - rank.get(b));
  }
}

module.exports = LongestFirst;
