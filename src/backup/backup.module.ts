import { Module } from '@nestjs/common';
import { ErasureLedgerModule } from '../erasure-ledger/erasure-ledger.module';
import { MediaModule } from '../media/media.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { Backups } from './backups';
import { Restores } from './restores';

/** Backup and restore of the whole database (P11.5), for the command line only. */
@Module({
  imports: [MediaModule, SubjectsModule, ErasureLedgerModule],
  providers: [Backups, Restores],
  exports: [Backups, Restores],
})
export class BackupModule {}
