import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../database/columns';

/**
 * A subject's data key, wrapped by a master key. Deleting the row destroys the key and
 * with it every value sealed under it, wherever those values are (crypto-shredding, P17).
 */
@Entity('subject_keys')
export class SubjectKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 32 })
  masterKeyId!: string;

  @Column({ type: 'varchar', length: 128 })
  wrappedKey!: string;

  @TimeColumn()
  createdAt!: Date;
}
