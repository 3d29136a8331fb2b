import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { migrate } from './migration-lease';
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
      // `migrationsRun` is honoured here, under a lease that any number of instances
      // starting at once share (migration-lease.ts); TypeORM's own run takes no lock.
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const { migrationsRun, ...rest } = options!;
        const dataSource = await new DataSource({ ...rest, migrationsRun: false }).initialize();
        try {
          if (migrationsRun) await migrate(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
  ],
  providers: [Transactions, JobLocks],
  exports: [Transactions, JobLocks],
})
export class DatabaseModule {}
