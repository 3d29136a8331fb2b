import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, TimeColumn } from '../database/columns';
import type { Scope } from './scopes';

/** A system calling the service (the Billing, the site), with the scopes an admin gave it. */
@Entity('service_clients')
export class ServiceClient {
  @IdColumn()
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @JsonColumn()
  scopes!: Scope[];

  /** argon2id of the secret; the secret itself is shown once, at creation or rotation. */
  @Column({ type: 'varchar', length: 255 })
  secretHash!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @TimeColumn({ nullable: true })
  suspendedAt!: Date | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
