import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import { AppError } from '../errors/app-error';
import {
  AUDIENCE,
  ISSUER,
  jwtKey,
  type Principal,
  type PrincipalKind,
  type TokenPayload,
} from './principal';
import { Principals } from './principals';

const strategyName = (kind: PrincipalKind): string => `jwt-${kind}`;

/**
 * One passport-jwt strategy per audience: HS256 only, issuer and audience checked, an
 * expiry required (jsonwebtoken accepts a token without `exp` forever), then the session
 * (with its own server-side expiry) and the account re-read through Principals.
 */
function jwtStrategy(kind: PrincipalKind) {
  @Injectable()
  class JwtStrategy extends PassportStrategy(Strategy, strategyName(kind)) {
    constructor(
      config: AppConfig,
      private readonly principals: Principals,
    ) {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: jwtKey(config),
        algorithms: ['HS256'],
        audience: AUDIENCE[kind],
        issuer: ISSUER,
      });
    }

    validate(payload: TokenPayload): Promise<Principal> {
      if (typeof payload.exp !== 'number' || typeof payload.sid !== 'string') {
        throw new AppError('UNAUTHENTICATED', 'A valid bearer token is required');
      }
      return this.principals.resolve(kind, payload);
    }
  }
  return JwtStrategy;
}

@Injectable()
export class StaffJwtStrategy extends jwtStrategy('staff') {}
@Injectable()
export class ClientJwtStrategy extends jwtStrategy('client') {}
@Injectable()
export class SubjectJwtStrategy extends jwtStrategy('subject') {}

/**
 * Runs the strategy of one audience. A token that does not verify (signature, audience,
 * issuer, expiry: passport-jwt's `info`) is UNAUTHENTICATED. An error is something else:
 * our own refusal (revoked session, suspended account) as it is, and anything that went
 * wrong while reading the session or the account (a database outage) rethrown for the
 * error filter, which answers it 503 or 500. Either way the request is refused; a valid
 * token is never told it is invalid because the database could not be asked.
 */
export function jwtGuard(kind: PrincipalKind) {
  class JwtGuard extends AuthGuard(strategyName(kind)) {
    override getAuthenticateOptions() {
      return { session: false, property: 'principal' };
    }

    override handleRequest<T>(error: unknown, principal: T | false, info: unknown): T {
      if (error instanceof Error) throw error;
      if (error) throw new AppError('UNAUTHENTICATED', 'A valid bearer token is required');
      if (!principal) {
        const expired = (info as { name?: string } | undefined)?.name === 'TokenExpiredError';
        throw new AppError(
          'UNAUTHENTICATED',
          expired ? 'The token has expired' : 'A valid bearer token is required',
        );
      }
      return principal;
    }
  }
  return new JwtGuard();
}
