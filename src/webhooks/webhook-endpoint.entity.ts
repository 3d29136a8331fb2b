import { Column, Entity, Index } from 'typeorm';
import { IdColumn, JsonColumn, RefColumn, TimeColumn } from '../database/columns';
import type { WebhookEvent } from './vocabulary';

/** Where a service client wants its events (issue 14 §4). The secret is stored sealed. */
@Entity('webhook_endpoints')
@Index(['clientId'])
@Index(['createdAt'])
export class WebhookEndpoint {
  @IdColumn()
  id!: string;

  /** The service client the events are for. */
  @RefColumn()
  clientId!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @JsonColumn()
  events!: WebhookEvent[];

  /** The signing secret, AES-256-GCM under the master key `masterKeyId`, bound to this id. */
  @Column({ type: 'text' })
  secretSealed!: string;

  @Column({ type: 'varchar', length: 64 })
  masterKeyId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @TimeColumn()
  createdAt!: Date;

  @TimeColumn()
  updatedAt!: Date;
}
