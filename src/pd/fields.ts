import { normaliseCardNumber } from './validation/card';
import { normaliseIban } from './validation/iban';
import { normalisePhone } from './validation/phone';
import { type Category, Category as C } from './vocabulary';

interface FieldSpec {
  readonly category: Category;
  /** How the value is stored and compared (E.164 phone, lower-case email…). */
  readonly normalise?: (value: string) => string;
  /** Exact search through an HMAC blind index. */
  readonly searchable?: boolean;
  /** Shown masked to everyone, everywhere (P11.4). */
  readonly masked?: boolean;
}

/**
 * Every PD field of a registered user (P4.2), declared once. Encryption, masking,
 * withholding by category, reports and exports all read categories from here.
 */
export const PD_FIELDS = {
  surname: { category: C.IDENTITY },
  givenName: { category: C.IDENTITY },
  patronymic: { category: C.IDENTITY },
  email: {
    category: C.CONTACT,
    searchable: true,
    normalise: (v: string) => v.trim().toLowerCase(),
  },
  phone: {
    category: C.CONTACT,
    searchable: true,
    normalise: (v: string) => normalisePhone(v) ?? v,
  },
  iban: { category: C.BANKING, normalise: normaliseIban },
  cardNumber: { category: C.BANKING, masked: true, normalise: normaliseCardNumber },
  bankName: { category: C.BANKING },
  idDocumentType: { category: C.ID_DOCUMENT },
  idDocumentNumber: {
    category: C.ID_DOCUMENT,
    normalise: (v: string) => v.replace(/\s+/g, '').toUpperCase(),
  },
  idDocumentIssuer: { category: C.ID_DOCUMENT },
  idDocumentIssuedOn: { category: C.ID_DOCUMENT },
  idDocumentExpiresOn: { category: C.ID_DOCUMENT },
  iin: { category: C.ID_DOCUMENT, searchable: true, normalise: (v: string) => v.trim() },
} as const satisfies Record<string, FieldSpec>;

export type PdField = keyof typeof PD_FIELDS;
export type SearchableField = {
  [F in PdField]: (typeof PD_FIELDS)[F] extends { searchable: true } ? F : never;
}[PdField];
export type PdRecord = Partial<Record<PdField, string>>;

export const PD_FIELD_NAMES = Object.keys(PD_FIELDS) as PdField[];
export const SEARCHABLE_FIELDS = PD_FIELD_NAMES.filter(
  (f) => 'searchable' in PD_FIELDS[f],
) as SearchableField[];

/** Site-visit data (P4.1): all of it TECHNICAL. */
export const VISIT_FIELDS = {
  ip: C.TECHNICAL,
  cookieId: C.TECHNICAL,
  userAgent: C.TECHNICAL,
  pageUrl: C.TECHNICAL,
  ispDomain: C.TECHNICAL,
} as const satisfies Record<string, Category>;

export function categoryOf(field: PdField): Category {
  return PD_FIELDS[field].category;
}

export function fieldsIn(categories: readonly Category[]): PdField[] {
  return PD_FIELD_NAMES.filter((field) => categories.includes(categoryOf(field)));
}

export function normalise(field: PdField, value: string): string {
  const spec: FieldSpec = PD_FIELDS[field];
  return spec.normalise ? spec.normalise(value) : value.trim();
}

/** The value as anyone may see it: masked fields keep their last four characters only. */
export function shown(field: PdField, value: string): string {
  const spec: FieldSpec = PD_FIELDS[field];
  return spec.masked ? '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4) : value;
}
