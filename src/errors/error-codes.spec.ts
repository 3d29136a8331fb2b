import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorStatus } from './error-codes';

/**
 * The README's error table is the list other systems integrate against: every code the
 * service can send, with the status it is always sent with, and no code it cannot send.
 */
describe('The README documents every error code', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = /\n### Errors\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` +\| (\d{3})[^|]*\| *(\S[^|]*?) *\|$/gm)];

  it('lists each code of error-codes.ts once, with its status and a meaning', () => {
    const documented = rows.map(([, code, status]) => [code, Number(status)]);
    expect(documented.sort()).toEqual(Object.entries(ErrorStatus).sort());
    expect(rows.every(([, , , meaning]) => meaning.length > 10)).toBe(true);
  });
});
