import { Column, Entity } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
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

  /**
   * Set when an administrator rotates the secret: whoever saw the new secret could use
   * the client's PD grants, so they wait until a compliance officer (not `pausedBy`)
   * confirms the secret went to the client (access rule, condition 1).
   */
  @TimeColumn({ nullable: true })
  pausedAt!: Date | null;

  @RefColumn({ nullable: true })
  pausedBy!: string | null;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
