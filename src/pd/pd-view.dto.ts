import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClosedSchema } from '../openapi/schema-extensions';
import type { SubjectPdView } from '../subjects/subject-record';
import { DOCUMENT_TYPES, type DocumentType } from '../subjects/vocabulary';
import { Category } from './vocabulary';

/*
 * A subject's PD as an answer shows it (P4.2), field by field in the categories of
 * src/pd/fields.ts. A field is absent, never null, when it was never given or erased, or
 * when its category is withheld from the caller (P10, then named in `withheld`). Closed:
 * the contract's response check refuses any field it does not list.
 */

const NAME = { type: String, maxLength: 100 };
const inCategory = (category: Category, what: string) => `${category}: ${what}.`;

@ClosedSchema()
export class IdDocumentView {
  @ApiPropertyOptional({
    enum: DOCUMENT_TYPES,
    description: inCategory(Category.ID_DOCUMENT, 'kind of document'),
  })
  type?: DocumentType;

  @ApiPropertyOptional({
    type: String,
    maxLength: 20,
    description: inCategory(Category.ID_DOCUMENT, 'its number'),
  })
  number?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    description: inCategory(Category.ID_DOCUMENT, 'who issued it'),
  })
  issuer?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: inCategory(Category.ID_DOCUMENT, 'issued on'),
  })
  issuedOn?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: inCategory(Category.ID_DOCUMENT, 'valid until'),
  })
  expiresOn?: string;
}

@ClosedSchema()
export class PdView implements SubjectPdView {
  @ApiPropertyOptional({ ...NAME, description: inCategory(Category.IDENTITY, 'surname') })
  surname?: string;

  @ApiPropertyOptional({ ...NAME, description: inCategory(Category.IDENTITY, 'given name') })
  givenName?: string;

  @ApiPropertyOptional({ ...NAME, description: inCategory(Category.IDENTITY, 'patronymic') })
  patronymic?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 254,
    description: inCategory(Category.CONTACT, 'email, lower-case'),
  })
  email?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: '^\\+[1-9]\\d{6,14}$',
    description: inCategory(Category.CONTACT, 'mobile phone, E.164'),
  })
  phone?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: '^\\d{12}$',
    description: inCategory(Category.ID_DOCUMENT, 'IIN'),
  })
  iin?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: '^KZ\\d{2}[0-9A-Z]{16}$',
    description: inCategory(Category.BANKING, 'IBAN, upper-case, no spaces'),
  })
  iban?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: '^\\*+\\d{4}$',
    description: inCategory(
      Category.BANKING,
      'payment card number, masked to its last four digits',
    ),
  })
  cardNumber?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 200,
    description: inCategory(Category.BANKING, 'card-issuing bank'),
  })
  bankName?: string;

  @ApiPropertyOptional({
    type: IdDocumentView,
    description: inCategory(Category.ID_DOCUMENT, 'identity document'),
  })
  idDocument?: IdDocumentView;
}
