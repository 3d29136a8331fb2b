import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../errors/app-error';
import { ACCESS_RULES, type AccessRule, describeRule } from './access.decorator';
import { jwtGuard } from './jwt.strategies';
import { AUDIENCE, type Principal, type PrincipalKind } from './principal';
import type { AuthenticatedRequest } from './request-context';

const KIND_BY_AUDIENCE = new Map(
  Object.entries(AUDIENCE).map(([kind, aud]) => [aud, kind as PrincipalKind]),
);

/**
 * Default deny, applied to every route of the app.
 * - A route without an @Access declaration is refused (403), whoever calls it.
 * - A public route admits anyone.
 * - Otherwise the bearer token must be of a kind the route accepts (its audience) and
 *   verify with that kind's strategy, which re-reads session and account; then the
 *   staff role or client scope of the matching rule must be held.
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
    if (!kind || ofKind.length === 0) {
      throw new AppError(
        'UNAUTHENTICATED',
        `A bearer token is required (${rules.map(describeRule).join(', ')})`,
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
  if (
    rule.kind === 'staff' &&
    rule.roles.length > 0 &&
    !rule.roles.some((role) => principal.roles.includes(role))
  ) {
    return new AppError('FORBIDDEN_ROLE', `This route needs the role ${rule.roles.join(' or ')}`);
  }
  if (rule.kind === 'client' && !rule.scopes.every((scope) => principal.scopes.includes(scope))) {
    return new AppError(
      'FORBIDDEN_ROLE',
      `This route needs the scope ${rule.scopes.join(' and ')}`,
    );
  }
  return null;
}
