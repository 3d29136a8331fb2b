import { Entity, Index } from 'typeorm';
import { DigestColumn, IdColumn, TimeColumn } from '../database/columns';

/**
 * One failed sign-in. Account and address are keyed hashes: the throttle works across
 * instances without storing an email or an IP address.
 */
@Entity('login_failures')
@Index(['accountKey', 'at'])
@Index(['ipKey', 'at'])
export class LoginFailure {
  @IdColumn()
  id!: string;

  @DigestColumn()
  accountKey!: string;

  @DigestColumn()
  ipKey!: string;

  @TimeColumn()
  at!: Date;
}
