import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from './columns';

@Entity('job_locks')
export class JobLock {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 36 })
  holder!: string;

  @TimeColumn()
  lockedUntil!: Date;
}
