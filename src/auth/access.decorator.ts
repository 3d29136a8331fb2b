import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Scope } from '../clients/scopes';
import type { Role } from '../staff/roles';
import type { PrincipalKind } from './principal';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'staff'; roles: readonly Role[] }
  | { kind: 'client'; scopes: readonly Scope[] }
  | { kind: 'subject' };

/** Anyone, no token. */
export const Public: AccessRule = { kind: 'public' };
/** A data subject, on their own data only (the service decides whose). */
export const Subject: AccessRule = { kind: 'subject' };
/** A staff member holding any of the roles; no roles means any active staff member. */
export const Staff = (...roles: Role[]): AccessRule => ({ kind: 'staff', roles });
/** A service client holding every one of the scopes. */
export const Client = (...scopes: Scope[]): AccessRule => ({ kind: 'client', scopes });

export const ACCESS_RULES = 'pd:access-rules';

export function describeRule(rule: AccessRule): string {
  switch (rule.kind) {
    case 'public':
      return 'public';
    case 'subject':
      return 'data subject (own data)';
    case 'staff':
      return rule.roles.length ? `staff: ${rule.roles.join(' or ')}` : 'staff: any role';
    case 'client':
      return `service client: ${rule.scopes.join(' and ')}`;
  }
}

/**
 * Declares who may call a route, and documents it in OpenAPI (`x-access`, security).
 * The global AccessGuard refuses every route that carries no declaration, so forgetting
 * this decorator fails closed. Several rules mean any one of them admits the caller.
 */
export function Access(...rules: AccessRule[]): MethodDecorator & ClassDecorator {
  if (rules.length === 0) throw new Error('@Access needs at least one rule');
  if (rules.length > 1 && rules.some((rule) => rule.kind === 'public')) {
    throw new Error('@Access(Public) admits anyone and cannot be combined with other rules');
  }
  const kinds = rules
    .map((rule) => rule.kind)
    .filter((kind): kind is PrincipalKind => kind !== 'public');
  const docs = kinds.length
    ? [
        ...kinds.map((kind) => ApiBearerAuth(kind)),
        ApiUnauthorizedResponse({
          description: 'UNAUTHENTICATED: no valid token of an accepted kind',
        }),
        ApiForbiddenResponse({
          description: 'FORBIDDEN_ROLE or another refusal of the access rule',
        }),
      ]
    : [];
  return applyDecorators(
    SetMetadata(ACCESS_RULES, rules),
    ApiExtension('x-access', rules.map(describeRule)),
    ...docs,
  );
}
