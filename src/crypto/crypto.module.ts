import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyedHash } from './keyed-hash';
import { SubjectKey } from './subject-key.entity';
import { Vault } from './vault';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SubjectKey])],
  providers: [KeyedHash, Vault],
  exports: [KeyedHash, Vault],
})
export class CryptoModule {}
