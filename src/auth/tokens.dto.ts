import { ApiProperty } from '@nestjs/swagger';
import type { IssuedToken } from './tokens';

/** A sign-in's answer, for every kind of principal. */
export class TokenView implements IssuedToken {
  /** A JWT: send it as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  @ApiProperty({ type: 'integer', minimum: 1 })
  expiresIn!: number;
}
