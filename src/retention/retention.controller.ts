import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import { Clock } from '../common/clock';
import { validationFailed } from '../errors/validation';
import { Endpoint } from '../openapi/endpoint.decorator';
import { Role } from '../staff/roles';
import { RetentionDuePage, RetentionDueQuery } from './retention.dto';
import { RetentionService } from './retention.service';

/** What the retention run will depersonalize and when (P17): for the compliance officer. */
@ApiTags('retention')
@Controller('retention')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  /** Subjects marked for depersonalization at or before `before` (default now), soonest first. */
  @Endpoint({
    id: 'listRetentionDue',
    summary: 'Subjects due for depersonalization, soonest first',
    answer: RetentionDuePage,
  })
  @Get('due')
  async due(@Query() query: RetentionDueQuery): Promise<RetentionDuePage> {
    const before = query.before ? new Date(query.before) : this.clock.now();
    if (Number.isNaN(before.getTime())) {
      throw validationFailed([
        { field: 'before', constraints: ['before must be an ISO 8601 date-time'] },
      ]);
    }
    const page = await this.retention.due(before, query.limit ?? 50, query.cursor);
    return {
      items: page.items.map((mark) => ({
        subjectId: mark.subjectId,
        depersonalizeAfter: mark.depersonalizeAfter.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
