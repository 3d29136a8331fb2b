import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AUDIENCE, ISSUER, type PrincipalKind } from './principal';
import { Sessions } from './sessions';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Short-lived JWTs, each bound to a session row so it can be revoked before it expires. */
@Injectable()
export class Tokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: Sessions,
    private readonly config: AppConfig,
  ) {}

  async issue(kind: PrincipalKind, principalId: string): Promise<IssuedToken> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const session = await this.sessions.open(kind, principalId, ttl);
    const accessToken = await this.jwt.signAsync(
      { sid: session.id },
      { subject: principalId, audience: AUDIENCE[kind], issuer: ISSUER, expiresIn: ttl },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }
}
