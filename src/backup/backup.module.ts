import { Module } from '@nestjs/common';
import { ErasureLedgerModule } from '../erasure-ledger/erasure-ledger.module';
import { MediaModule } from '../media/media.module';
import { UsersModule } from '../users/users.module';
import { Backups } from './backups';
import { Restores } from './restores';

/** Backup and restore of the whole database (P11.5), for the command line only. */
@Module({
  imports: [MediaModule, UsersModule, ErasureLedgerModule],
  providers: [Backups, Restores],
  exports: [Backups, Restores],
})
export class BackupModule {}
