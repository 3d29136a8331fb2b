/**
 * The longest string a regular expression matches in full, or null when nothing bounds
 * it. A field validated by `@Matches(/^[A-Za-z0-9 ]{5,20}$/)` cannot be longer than 20
 * characters, and the contract says so (`maxLength`) without the number being copied
 * next to the pattern. Conservative: anything it does not understand (a backreference,
 * an unanchored pattern, `*` or `+`) is unbounded. The length is counted in the units
 * the pattern matches (code points with the `u` flag, else UTF-16 units, never fewer
 * than code points), so it is never below what the pattern admits.
 */
export function patternMaxLength(source: string): number | null {
  const parser = new Parser(source);
  const top = parser.alternatives();
  if (parser.at < source.length || !top) return null;
  return top.anchoredStart && top.anchoredEnd && Number.isFinite(top.max) ? top.max : null;
}

interface Span {
  max: number;
  /** Every alternative begins with `^` and ends with `$`. */
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

class Parser {
  at = 0;
  constructor(private readonly source: string) {}

  /** `a|b|c` up to a closing `)` or the end. */
  alternatives(): Span | null {
    const branches: Span[] = [];
    for (;;) {
      const branch = this.sequence();
      if (!branch) return null;
      branches.push(branch);
      if (this.source[this.at] !== '|') break;
      this.at++;
    }
    return {
      max: Math.max(...branches.map((branch) => branch.max)),
      anchoredStart: branches.every((branch) => branch.anchoredStart),
      anchoredEnd: branches.every((branch) => branch.anchoredEnd),
    };
  }

  private sequence(): Span | null {
    let max = 0;
    let anchoredStart = false;
    let anchoredEnd = false;
    let first = true;
    while (this.at < this.source.length && !'|)'.includes(this.source[this.at])) {
      const char = this.source[this.at];
      if (char === '^' || char === '$') {
        this.at++;
        if (char === '^' && first) anchoredStart = true;
        if (char === '$') anchoredEnd = this.atSequenceEnd();
        first = false;
        continue;
      }
      first = false;
      const atom = this.atom();
      if (atom === null) return null;
      const times = this.quantifier();
      if (times === null) return null;
      max += atom * times;
    }
    return { max, anchoredStart, anchoredEnd };
  }

  private atSequenceEnd(): boolean {
    return this.at >= this.source.length || '|)'.includes(this.source[this.at]);
  }

  /** The longest match of one atom, or null when it cannot be bounded. */
  private atom(): number | null {
    const char = this.source[this.at];
    if (char === '(') return this.group();
    if (char === '[') return this.skipClass() ? 1 : null;
    if (char === '\\') return this.escape();
    if ('*+?{'.includes(char)) return null;
    this.at++;
    return 1;
  }

  private group(): number | null {
    this.at++;
    let lookaround = false;
    if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.at, this.at + 3))) {
      lookaround = true;
      this.at += this.source[this.at + 1] === '<' ? 3 : 2;
    } else if (this.source.startsWith('?<', this.at)) {
      const end = this.source.indexOf('>', this.at);
      if (end < 0) return null;
      this.at = end + 1;
    }
    const inner = this.alternatives();
    if (!inner || this.source[this.at] !== ')') return null;
    this.at++;
    // An anchor inside a group is not one this reading understands.
    if (inner.anchoredStart || inner.anchoredEnd) return null;
    return lookaround ? 0 : inner.max;
  }

  private skipClass(): boolean {
    this.at++;
    if (this.source[this.at] === '^') this.at++;
    if (this.source[this.at] === ']') this.at++;
    while (this.at < this.source.length && this.source[this.at] !== ']') {
      this.at += this.source[this.at] === '\\' ? 2 : 1;
    }
    if (this.at >= this.source.length) return false;
    this.at++;
    return true;
  }

  private escape(): number | null {
    const next = this.source[this.at + 1];
    if (next === undefined) return null;
    if (/[1-9k]/.test(next)) return null; // a backreference repeats a group of any length
    if (next === 'b' || next === 'B') {
      this.at += 2;
      return 0;
    }
    if (next === 'p' || next === 'P' || next === 'u') {
      const braced = this.source[this.at + 2] === '{';
      if (braced) {
        const end = this.source.indexOf('}', this.at);
        if (end < 0) return null;
        this.at = end + 1;
      } else this.at += next === 'u' ? 6 : 2;
      return 1;
    }
    if (next === 'x') this.at += 4;
    else if (next === 'c') this.at += 3;
    else this.at += 2;
    return 1;
  }

  /** How many times the atom before may repeat, at most. */
  private quantifier(): number | null {
    const char = this.source[this.at];
    let times = 1;
    if (char === '*' || char === '+') return null;
    if (char === '?') {
      this.at++;
    } else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (!match) return null;
      if (match[2] !== undefined && match[3] === '') return null;
      times = Number(match[3] ?? match[1]);
      this.at += match[0].length;
    }
    if (this.source[this.at] === '?') this.at++; // lazy: the same bound
    return times;
  }
}
