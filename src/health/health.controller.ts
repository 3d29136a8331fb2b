import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Access, Public } from '../auth/access.decorator';
import { Endpoint } from '../openapi/endpoint.decorator';
import { HealthView } from './health.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Liveness and the database: 200 when both answer, 503 otherwise. */
  @Endpoint({ id: 'checkHealth', summary: 'Liveness and the database', answer: HealthView })
  @Get()
  @Access(Public)
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
  }
}
