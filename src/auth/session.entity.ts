import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';
import type { PrincipalKind } from './principal';

/**
 * One row per issued token. Revocation (logout, deactivation, incident) marks it here,
 * so every instance refuses the token on its next request.
 */
@Entity('auth_sessions')
@Index(['principalKind', 'principalId'])
export class Session {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  principalKind!: PrincipalKind;

  @RefColumn()
  principalId!: string;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  @Index()
  expiresAt!: Date;

  @TimeColumn({ nullable: true })
  revokedAt!: Date | null;
}
