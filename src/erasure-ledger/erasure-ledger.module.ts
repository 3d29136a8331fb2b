import { Module } from '@nestjs/common';
import { ErasureLedger } from './erasure-ledger';

/** Every depersonalization, kept where a restore can find it (issue 13 §3). */
@Module({ providers: [ErasureLedger], exports: [ErasureLedger] })
export class ErasureLedgerModule {}
