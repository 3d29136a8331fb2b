import fc from 'fast-check';
import { checkDigit } from '../../src/pd/validation/iin';

/*
 * Values for property-based requests: what a well-behaved caller would send for a field
 * (so a request gets past validation to the rules behind it), and what an attacker or a
 * broken client sends instead.
 */

const DAY = 86_400_000;

/** Twelve digits with the check digit of an IIN or a BIN (same algorithm), from 11 given. */
const withCheckDigit = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  base
    .map((digits) => ({ digits, check: checkDigit(digits) }))
    .filter(({ check }) => check !== null)
    .map(({ digits, check }) => `${digits}${check}`);
const digits = (count: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: 10 ** count - 1 }).map((n) => String(n).padStart(count, '0'));
const iin = withCheckDigit(
  fc
    .tuple(
      fc.integer({ min: 60, max: 99 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.constantFrom(3, 4), // born in the 1900s
      digits(4),
    )
    .map(
      ([y, m, d, century, serial]) =>
        `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${century}${serial}`,
    ),
);
const bin = withCheckDigit(
  fc
    .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 12 }), digits(5))
    .map(([y, m, rest]) => `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}40${rest}`),
);
const isoAround = fc
  .integer({ min: -400, max: 400 })
  .map((days) => new Date(Date.now() + days * DAY).toISOString());
const dayAround = isoAround.map((iso) => iso.slice(0, 10));
/** A field named like a date is a day in some DTOs, a moment in others: either, by turns. */
const dayOrMoment = fc.oneof(isoAround, dayAround);

/** A well-formed value for a field, by the name it has in every DTO that has it. */
export const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  email: digits(9).map((n) => `user-${n}@example.kz`),
  phone: digits(7).map((n) => `+7701${n}`),
  iin,
  bin,
  iban: fc.constant('KZ86125KZT5004100100'),
  cardNumber: fc.constantFrom('4111111111111111', '5500000000000004'),
  surname: fc.constantFrom('Ахметова', 'Иванов', "O'Neil"),
  givenName: fc.constantFrom('Айгерим', 'Ivan'),
  patronymic: fc.constantFrom('Серикқызы', null),
  password: fc.constant('steppe-falcon-amber-62'),
  newPassword: fc.constant('harbor-quartz-velvet-19'),
  currentPassword: fc.constant('not-the-current-one-77'),
  ip: fc.constantFrom('203.0.113.7', '2001:db8::1'),
  userAgent: fc.constant('Mozilla/5.0 (X11; Linux x86_64)'),
  pageUrl: fc.constant('https://fingram.kz/pricing'),
  ispDomain: fc.constant('kaztelecom.kz'),
  country: fc.constantFrom('KZ', 'DE', 'RU'),
  code: fc.constantFrom('KZ', 'DE', 'RU', 'US', 'kz'),
  fullName: fc.constant('Test Staff'),
  label: fc.integer({ min: 0, max: 1e9 }).map((n) => `v-${n}`),
  number: fc.integer({ min: 0, max: 1e6 }).map((n) => `PD-${n}`),
  issuedOn: dayAround,
  expiresOn: dayAround,
  signedOn: dayAround,
  decidedOn: dayAround,
  validUntil: dayOrMoment,
  validFrom: dayOrMoment,
  effectiveAt: dayOrMoment,
  effectiveFrom: dayOrMoment,
  at: dayOrMoment,
  from: dayOrMoment,
  to: dayOrMoment,
};

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];

/** Strings that have broken parsers, validators, databases and logs elsewhere. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u200b\u200e\u202e',
  "' OR '1'='1' --",
  '"; DROP TABLE subjects; --',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e400',
  '0x1F',
  'true',
  'null',
  'Ж'.repeat(300),
  '😀'.repeat(80),
  'a'.repeat(5000),
];

/** Pieces spliced into an otherwise well-formed string (an email, a name, an id). */
export const FRAGMENTS = [
  '\ud800',
  '\udfff',
  '\u0000',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0301',
  ' ',
  '\n',
  '%',
  '\\',
  '"',
  "'",
  'Ä',
  'x'.repeat(300),
];

/** Inserts `fragment` into `text` at `at` (modulo its length). */
export const spliced = (text: string, fragment: string, at: number): string => {
  const i = at % (text.length + 1);
  return `${text.slice(0, i)}${fragment}${text.slice(i)}`;
};

/** A string nobody else sent, to tell whether an answer repeats it. */
export const marker = fc.stringMatching(/^[a-z0-9]{6,16}$/).map((text) => `mk${text}`);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 2, arbitrary: marker },
  { weight: 1, arbitrary: marker.map((text) => `${text}@example.kz`) },
  { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
);

/** Any JSON value an attacker may put where a field is expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e21, 2 ** 31) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);
