import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { JobLocks } from './job-locks';
import { Transactions } from './transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.db),
        migrationsRun: config.db.migrationsRun,
        autoLoadEntities: false,
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [Transactions, JobLocks],
  exports: [Transactions, JobLocks],
})
export class DatabaseModule {}
