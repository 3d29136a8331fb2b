import type { Scope } from '../clients/scopes';
import type { Role } from '../staff/roles';

export const PrincipalKind = { STAFF: 'staff', CLIENT: 'client', SUBJECT: 'subject' } as const;
export type PrincipalKind = (typeof PrincipalKind)[keyof typeof PrincipalKind];

/** Three audiences: a token of one kind is never accepted on another kind's route. */
export const AUDIENCE: Record<PrincipalKind, string> = {
  staff: 'pd-back-office/staff',
  client: 'pd-back-office/client',
  subject: 'pd-back-office/subject',
};
export const ISSUER = 'pd-back-office';

export interface TokenPayload {
  sub: string;
  sid: string;
  aud: string;
  iss: string;
  iat: number;
  exp: number;
}

/** Who is calling, as re-read from the database on this request (never from the token alone). */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly id: string;
  readonly sessionId: string;
  readonly roles: readonly Role[];
  readonly scopes: readonly Scope[];
}

/** The current state of an account, as its owning module reports it. */
export interface AccountState {
  suspended: boolean;
  roles?: readonly Role[];
  scopes?: readonly Scope[];
}
