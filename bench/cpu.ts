import { readdirSync, readFileSync } from 'node:fs';

/** /proc reports CPU time in USER_HZ ticks, 100 a second on Linux. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux). Beside a
 * rate, the CPU each request costs in the service and in the database server tells where
 * a gap to the bare endpoint comes from, whatever else the machine is doing.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The MariaDB server on the default port: the `mariadbd` started without a defaults file of its own (a Galera node of scripts/galera.sh has one). */
export function databasePid(): number | undefined {
  if (process.env.BENCH_DB_PID) return Number(process.env.BENCH_DB_PID);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string[];
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (/mariadbd|mysqld$/.test(command[0]) && !command.some((a) => a.startsWith('--defaults')))
      return Number(entry);
  }
  return undefined;
}
