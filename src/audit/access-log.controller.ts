import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Subject } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { type Page, PageQuery } from '../common/pagination';
import { AuditLog } from './audit-log';
import { AccessLogItem } from './audit.dto';
import { Endpoint } from '../openapi/endpoint.decorator';

/** Who touched the caller's data, when and for what purpose (P15, DESIGN.md). */
@ApiTags('personal cabinet')
@Controller('me')
@Access(Subject)
export class AccessLogController {
  constructor(private readonly log: AuditLog) {}

  @Endpoint({
    id: 'getMyAccessLog',
    summary: "Who touched one's own PD, when and why",
    answer: { page: AccessLogItem },
  })
  @Get('access-log')
  accessLog(@Query() page: PageQuery, @Ctx() ctx: RequestContext): Promise<Page<AccessLogItem>> {
    return this.log.accessLog(ctx.principal.id, page);
  }
}
