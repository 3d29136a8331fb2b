/**
 * The top costs of a CPU profile written by `--cpu-prof` (BENCH_NODE_ARGS on a bench's
 * server), as shares of self time in the seconds the process was busy (at least 65% of
 * the samples not idle), so start-up and the idle rounds of other targets weigh nothing.
 *
 *   npx ts-node --transpile-only bench/profile-top.ts /tmp/prof/CPU.*.cpuprofile [count]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BUSY = 0.65;
const IDLE = new Set(['(idle)', '(program)']);

function top(file: string, count: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const nameOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|dist)\//, '$1/');
    return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  };
  // Samples by second of the profile, to keep only the busy seconds.
  let at = 0;
  const seconds = new Map<number, Array<{ node: ProfileNode; us: number }>>();
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const second = Math.floor(at / 1e6);
    const list = seconds.get(second) ?? [];
    list.push({ node: byId.get(id)!, us: profile.timeDeltas[i + 1] ?? 0 });
    seconds.set(second, list);
  });
  const self = new Map<string, number>();
  let busyTotal = 0;
  let busySeconds = 0;
  for (const samples of seconds.values()) {
    const busy = samples.filter((sample) => !IDLE.has(sample.node.callFrame.functionName));
    if (busy.length < BUSY * samples.length) continue;
    busySeconds++;
    for (const sample of busy) {
      const name = nameOf(sample.node);
      self.set(name, (self.get(name) ?? 0) + sample.us);
      busyTotal += sample.us;
    }
  }
  console.log(`${busySeconds} busy seconds, ${(busyTotal / 1e6).toFixed(1)} s of samples`);
  console.log('| function | share of busy self time |');
  console.log('|---|---|');
  for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count))
    console.log(`| \`${name}\` | ${((us / busyTotal) * 100).toFixed(1)}% |`);
}

top(process.argv[2], Number(process.argv[3] ?? 10));
