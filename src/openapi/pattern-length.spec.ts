import { patternMaxLength } from './pattern-length';

describe('The longest string a pattern admits (issue 14 §1)', () => {
  it.each([
    ['^[A-Za-z0-9 ]{5,20}$', 20],
    ['^pden_[0-9a-f]{64}$', 69],
    ["^\\p{L}[\\p{L}\\p{M}'’ .-]{0,99}$", 100],
    ['^\\d{4}-\\d{2}-\\d{2}$', 10],
    ['^[\\p{L}\\d./ _-]{1,64}$', 64],
    ['^(?:ab|cde)?x$', 4],
    ['^a|^bc$', null],
    ['^(?:a|b){3}[\\]x]$', 4],
    ['^(?=\\d)\\d{12}$', 12],
    ['^\\u0041\\x42\\u{1F600}$', 3],
    ['^a{2,}$', null],
    ['^a+$', null],
    ['^.*$', null],
    ['[a-z]{3}', null],
    ['^[a-z]{3}', null],
    ['^(a)\\1$', null],
    ['^(?<word>a{2})$', 2],
    ['^(?:^a)$', null],
  ])('%s: %s', (source, expected) => {
    expect(patternMaxLength(source)).toBe(expected);
  });

  it('never says less than the pattern admits', () => {
    for (const [source, text] of [
      ['^[A-Za-z0-9 ]{5,20}$', 'A'.repeat(20)],
      ['^(?:ab|cde)?x$', 'cdex'],
      ["^\\p{L}[\\p{L}\\p{M}'’ .-]{0,99}$", 'Ж'.repeat(100)],
    ] as const) {
      expect(new RegExp(source, 'u').test(text)).toBe(true);
      expect(patternMaxLength(source)).toBeGreaterThanOrEqual([...text].length);
    }
  });
});
