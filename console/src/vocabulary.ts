import type { Schemas } from './api';

/**
 * The API's closed vocabularies as the console offers them, typed by the document: a
 * value the API dropped stops the build.
 */
type Order = Schemas['IssueOrderDto'];
export type Category = Order['categories'][number];
export type Operation = Order['operations'][number];
export type Purpose = Order['purposes'][number];
export type RequestType = Schemas['RequestView']['type'];
export type Role = Schemas['StaffView']['roles'][number];
export type Scope = Schemas['CreateClientDto']['scopes'][number];

export const CATEGORIES: readonly Category[] = [
  'IDENTITY',
  'CONTACT',
  'BANKING',
  'ID_DOCUMENT',
  'TECHNICAL',
];
export const OPERATIONS: readonly Operation[] = ['READ', 'UPDATE', 'EXPORT'];
export const PURPOSES: readonly Purpose[] = [
  'IDENTIFICATION',
  'CONTRACT',
  'SETTLEMENTS',
  'LEGAL_OBLIGATION',
];
export const ROLES: readonly Role[] = ['ADMIN', 'COMPLIANCE_OFFICER', 'OPERATOR', 'AUDITOR'];
export const SCOPES: readonly Scope[] = [
  'subjects:write',
  'subjects:read',
  'contracts:write',
  'visits:write',
  'consents:read',
  'transfers:write',
  'transfers:read',
];
/** Roles that work with PD and so hold orders and sign the pledge. */
export const PD_ROLES: readonly Role[] = ['COMPLIANCE_OFFICER', 'OPERATOR'];

/** Which fields of PdView belong to which category (the document's field descriptions). */
export const FIELDS_BY_CATEGORY: Record<Category, readonly (keyof Schemas['PdView'])[]> = {
  IDENTITY: ['surname', 'givenName', 'patronymic'],
  CONTACT: ['email', 'phone'],
  BANKING: ['iban', 'cardNumber', 'bankName'],
  ID_DOCUMENT: ['iin', 'idDocument'],
  TECHNICAL: [],
};
