import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../errors/app-error';
import { PD_ROLES } from '../staff/roles';
import { ACCESS_RULES, type AccessRule, describeRule } from './access.decorator';
import { jwtGuard } from './jwt.strategies';
import { AUDIENCE, type Principal, type PrincipalKind } from './principal';
import type { AuthenticatedRequest } from './request-context';

const KIND_BY_AUDIENCE = new Map(
  Object.entries(AUDIENCE).map(([kind, aud]) => [aud, kind as PrincipalKind]),
);

/** How a refusal names each kind of token ("this route takes a staff token"). */
const KIND_NAME: Record<PrincipalKind, string> = {
  staff: 'staff',
  client: 'service client',
  subject: 'data subject',
};

/**
 * Default deny, applied to every route of the app.
 * - A route without an @Access declaration is refused (403), whoever calls it.
 * - A public route admits anyone.
 * - Otherwise the bearer token must be of a kind the route accepts (its audience); a
 *   token of another kind is refused saying which kind the route takes. It must verify
 *   with that kind's strategy, which requires an expiry and re-reads session (revoked?
 *   expired on the server's clock?) and account; then the staff role or client scope of
 *   the matching rule must be held.
 * - A paused account (credentials reset or email changed by someone else, not yet
 *   confirmed by a compliance officer) holds its PD roles in abeyance: a route that only
 *   a PD role admits is refused with ACCOUNT_SUSPENDED until the confirmation (four eyes).
 * Everything not explicitly admitted is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verifiers: Record<PrincipalKind, CanActivate> = {
    staff: jwtGuard('staff'),
    client: jwtGuard('client'),
    subject: jwtGuard('subject'),
  };

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rules)
      throw new AppError('FORBIDDEN_ROLE', 'This route declares no access rule and is refused');
    if (rules[0].kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const kind = this.tokenKind(request);
    const ofKind = rules.filter((candidate) => candidate.kind === kind);
    if (!kind) {
      throw new AppError(
        'UNAUTHENTICATED',
        `A bearer token is required (${rules.map(describeRule).join(', ')})`,
      );
    }
    if (ofKind.length === 0) {
      const taken = [...new Set(rules.map((rule) => KIND_NAME[rule.kind as PrincipalKind]))];
      throw new AppError(
        'UNAUTHENTICATED',
        `This route takes a ${taken.join(' or ')} token, not a ${KIND_NAME[kind]} token`,
      );
    }
    await this.verifiers[kind].canActivate(context);
    const refusals = ofKind.map((rule) => refusalOf(rule, request.principal!));
    if (refusals.every((refusal) => refusal !== null)) throw refusals[0];
    return true;
  }

  /** The audience the token claims, read before verification only to pick the strategy. */
  private tokenKind(request: AuthenticatedRequest): PrincipalKind | undefined {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return undefined;
    const payload: unknown = this.jwt.decode(header.slice('Bearer '.length));
    const aud = (payload as { aud?: unknown } | null)?.aud;
    return typeof aud === 'string' ? KIND_BY_AUDIENCE.get(aud) : undefined;
  }
}

/** Why `rule` does not admit the principal, or null when it does; any one rule admits. */
function refusalOf(rule: AccessRule, principal: Principal): AppError | null {
  if (rule.kind === 'staff' && rule.roles.length > 0) {
    const held = rule.roles.filter((role) => principal.roles.includes(role));
    if (held.length === 0) {
      return new AppError('FORBIDDEN_ROLE', `This route needs the role ${rule.roles.join(' or ')}`);
    }
    if (principal.paused && held.every((role) => PD_ROLES.includes(role))) {
      return new AppError(
        'ACCOUNT_SUSPENDED',
        "This account's PD roles are paused after a credential reset or email change until a compliance officer confirms it",
      );
    }
  }
  if (rule.kind === 'client' && !rule.scopes.every((scope) => principal.scopes.includes(scope))) {
    return new AppError(
      'FORBIDDEN_ROLE',
      `This route needs the scope ${rule.scopes.join(' and ')}`,
    );
  }
  return null;
}
