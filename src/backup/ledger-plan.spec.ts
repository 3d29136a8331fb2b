import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerLine, ledgerGenesis, ledgerHash } from '../erasure-ledger/ledger-hash';
import { BackupRefusal } from './backup-error';
import { planErasures } from './ledger-plan';

const key = randomBytes(32);
const authentic = (line: LedgerLine) => ledgerHash(key, line) === line.hash;
const dir = mkdtempSync(join(tmpdir(), 'pd-ledger-plan-'));

function line(seq: number, prevHash: string): LedgerLine {
  const body = {
    seq,
    id: randomUUID(),
    subjectId: randomUUID(),
    reason: 'DELETION_REQUEST',
    erasedAt: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(),
    prevHash,
  };
  return { ...body, hash: ledgerHash(key, body) };
}

function chain(length: number): LedgerLine[] {
  const lines: LedgerLine[] = [];
  let prev = ledgerGenesis(key);
  for (let seq = 1; seq <= length; seq++) {
    lines.push(line(seq, prev));
    prev = lines.at(-1)!.hash;
  }
  return lines;
}

function file(lines: LedgerLine[]): string {
  const path = join(dir, `${randomUUID()}.jsonl`);
  writeFileSync(path, lines.map((each) => `${JSON.stringify(each)}\n`).join(''));
  return path;
}

const head = (lines: LedgerLine[], seq: number) =>
  seq === 0 ? { seq: 0, hash: ledgerGenesis(key) } : { seq, hash: lines[seq - 1].hash };

describe('which erasures a restore re-applies (P15.7)', () => {
  it('re-applies every entry after the backup, in order', async () => {
    const lines = chain(5);
    const plan = await planErasures([file(lines)], head(lines, 2), authentic);
    expect(plan.chain.map((each) => each.seq)).toEqual([3, 4, 5]);
    expect(plan.uncommitted).toEqual([]);
  });

  it('re-applies the line of an erasure that never committed too, and names it', async () => {
    const lines = chain(3);
    // A line fsynced before a commit that failed: the next entry took its place.
    const orphan = line(3, lines[1].hash);
    const plan = await planErasures(
      [file([lines[0], lines[1], orphan, lines[2]])],
      head(lines, 1),
      authentic,
    );
    expect(plan.chain.map((each) => each.hash)).toEqual([lines[1].hash, lines[2].hash]);
    expect(plan.uncommitted.map((each) => each.hash)).toEqual([orphan.hash]);
  });

  it('merges the files of several instances by the chain', async () => {
    const lines = chain(4);
    const plan = await planErasures(
      [file([lines[0], lines[2]]), file([lines[1], lines[3]])],
      head(lines, 0),
      authentic,
    );
    expect(plan.chain.map((each) => each.seq)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['a gap', (lines: LedgerLine[]) => [lines[0], lines[1], lines[3]]],
    [
      'a changed line',
      (lines: LedgerLine[]) => [lines[0], { ...lines[1], subjectId: randomUUID() }],
    ],
    ['another ledger', () => chain(3)],
  ])('refuses a ledger with %s (P15.7)', async (_, damage) => {
    const lines = chain(4);
    await expect(
      planErasures([file(damage(lines))], head(lines, 1), authentic),
    ).rejects.toMatchObject({ code: BackupRefusal.LEDGER_BROKEN });
  });

  it('refuses when no ledger file is there', async () => {
    await expect(
      planErasures([join(dir, 'none.jsonl')], head([], 0), authentic),
    ).rejects.toMatchObject({ code: BackupRefusal.NO_LEDGER });
  });
});
