import type { Scope } from '../clients/scopes';
import type { Role } from '../staff/roles';
import type { AppConfig } from '../config/app-config';

export const PrincipalKind = { STAFF: 'staff', CLIENT: 'client', SUBJECT: 'subject' } as const;
export type PrincipalKind = (typeof PrincipalKind)[keyof typeof PrincipalKind];

/** Three audiences: a token of one kind is never accepted on another kind's route. */
export const AUDIENCE: Record<PrincipalKind, string> = {
  staff: 'pd-back-office/staff',
  client: 'pd-back-office/client',
  subject: 'pd-back-office/subject',
};
export const ISSUER = 'pd-back-office';

/**
 * The signing key as the JWT libraries take it. jsonwebtoken accepts a KeyObject (and
 * re-parses raw bytes on every call otherwise); the wrappers' typings only say Buffer.
 */
export const jwtKey = (config: AppConfig): Buffer => config.keys.jwtKey as unknown as Buffer;

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
  /**
   * Someone else reset this account's credentials (or changed its email, or rotated a
   * client's secret) and no compliance officer has confirmed it since: PD access and
   * PD roles wait (DESIGN.md, access rule condition 1).
   */
  readonly paused: boolean;
  /**
   * What the access rule weighs of this principal (orders in force, pledge), read with
   * the session and the account in the same statement. Owned by src/access and read only
   * there (`heldBy`); absent for principals that hold no orders.
   */
  readonly holdings?: unknown;
}

/** The current state of an account, as its owning module reports it. */
export interface AccountState {
  suspended: boolean;
  paused?: boolean;
  roles?: readonly Role[];
  scopes?: readonly Scope[];
  holdings?: unknown;
}
