/**
 * The closed vocabularies of the access rule (DESIGN.md, "The access rule"), named as the
 * policy names them. Everything that speaks of PD categories, operations or purposes
 * imports them from here.
 */

/** PD categories (P4). */
export const Category = {
  IDENTITY: 'IDENTITY',
  CONTACT: 'CONTACT',
  BANKING: 'BANKING',
  ID_DOCUMENT: 'ID_DOCUMENT',
  TECHNICAL: 'TECHNICAL',
} as const;
export type Category = (typeof Category)[keyof typeof Category];
export const CATEGORIES = Object.values(Category);

/** What may be done with a category under an access order (P10). */
export const Operation = {
  READ: 'READ',
  UPDATE: 'UPDATE',
  EXPORT: 'EXPORT',
} as const;
export type Operation = (typeof Operation)[keyof typeof Operation];
export const OPERATIONS = Object.values(Operation);

/** Why PD is processed (P2), plus what the law requires. */
export const Purpose = {
  IDENTIFICATION: 'IDENTIFICATION',
  CONTRACT: 'CONTRACT',
  SETTLEMENTS: 'SETTLEMENTS',
  LEGAL_OBLIGATION: 'LEGAL_OBLIGATION',
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];
export const PURPOSES = Object.values(Purpose);

/**
 * The legal ground of each purpose: the policy's purposes rest on the consent given by
 * accepting it at registration (P12); LEGAL_OBLIGATION rests on the law and survives a
 * withdrawn consent.
 */
export const PURPOSE_BASIS: Record<Purpose, 'CONSENT' | 'LAW'> = {
  IDENTIFICATION: 'CONSENT',
  CONTRACT: 'CONSENT',
  SETTLEMENTS: 'CONSENT',
  LEGAL_OBLIGATION: 'LAW',
};
