import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WorkingDays } from './working-days';

/**
 * The working-day calendar for legal deadlines, built once from PUBLIC_HOLIDAYS (or the
 * fixed-date Kazakhstan holidays when it is unset). Pure and shared: any feature with a
 * deadline in working days injects `WorkingDays`.
 */
@Global()
@Module({
  providers: [
    {
      provide: WorkingDays,
      useFactory: (config: AppConfig) => new WorkingDays(config.calendar.holidays),
      inject: [AppConfig],
    },
  ],
  exports: [WorkingDays],
})
export class CalendarModule {}
