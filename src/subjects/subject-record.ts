import { normalise, type PdField, type PdRecord, shown } from '../pd/fields';
import type { IdDocumentDto, SubjectFieldsDto } from './subject-fields.dto';

/** How a subject's PD is shown: the API's field names, the identity document nested. */
export interface SubjectPdView {
  surname?: string;
  givenName?: string;
  patronymic?: string;
  email?: string;
  phone?: string;
  iin?: string;
  iban?: string;
  cardNumber?: string;
  bankName?: string;
  idDocument?: Partial<IdDocumentDto>;
}

const DOCUMENT_FIELDS = {
  type: 'idDocumentType',
  number: 'idDocumentNumber',
  issuer: 'idDocumentIssuer',
  issuedOn: 'idDocumentIssuedOn',
  expiresOn: 'idDocumentExpiresOn',
} as const satisfies Record<keyof IdDocumentDto, PdField>;

const FLAT_FIELDS = [
  'surname',
  'givenName',
  'patronymic',
  'email',
  'phone',
  'iin',
  'iban',
  'cardNumber',
  'bankName',
] as const;

export interface RecordChange {
  /** Normalised new values. */
  values: PdRecord;
  /** Fields the change erases (sent as null). */
  cleared: PdField[];
}

/** Flattens and normalises the fields present in a body; `null` means erase. */
export function toRecord(input: Partial<SubjectFieldsDto>): RecordChange {
  const change: RecordChange = { values: {}, cleared: [] };
  const put = (field: PdField, value: string | null | undefined) => {
    if (value === undefined) return;
    if (value === null) change.cleared.push(field);
    else change.values[field] = normalise(field, value);
  };
  for (const field of FLAT_FIELDS) put(field, input[field]);
  if (input.idDocument !== undefined) {
    for (const [key, field] of Object.entries(DOCUMENT_FIELDS)) {
      put(field, input.idDocument === null ? null : input.idDocument[key as keyof IdDocumentDto]);
    }
  }
  return change;
}

/** The view of the fields present in `record`, masked where the registry says so. */
export function toView(record: PdRecord): SubjectPdView {
  const view: SubjectPdView = {};
  for (const field of FLAT_FIELDS) {
    const value = record[field];
    if (value !== undefined) view[field] = shown(field, value);
  }
  const document = Object.entries(DOCUMENT_FIELDS).filter(
    ([, field]) => record[field] !== undefined,
  );
  if (document.length > 0) {
    view.idDocument = Object.fromEntries(
      document.map(([key, field]) => [key, shown(field, record[field]!)]),
    );
  }
  return view;
}
