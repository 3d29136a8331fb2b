import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, Staff } from '../auth/access.decorator';
import type { Page } from '../common/pagination';
import { Role } from '../staff/roles';
import { AuditLog } from './audit-log';
import { AuditVerifier } from './audit-verifier';
import { AuditEntryView, AuditQuery, VerifyReportView } from './audit.dto';
import { Endpoint } from '../openapi/endpoint.decorator';

/** The trail is read by auditors and compliance officers only; it holds no PD values. */
@ApiTags('audit')
@Controller('audit')
@Access(Staff(Role.AUDITOR, Role.COMPLIANCE_OFFICER))
export class AuditController {
  constructor(
    private readonly log: AuditLog,
    private readonly verifier: AuditVerifier,
  ) {}

  @Endpoint({
    id: 'listAuditEntries',
    summary: 'Read the audit trail',
    answer: { page: AuditEntryView },
  })
  @Get()
  list(@Query() query: AuditQuery): Promise<Page<AuditEntryView>> {
    return this.log.list(query);
  }

  /** Recomputes every chain; `ok: false` names the first bad entry. */
  @Endpoint({
    id: 'verifyAuditTrail',
    summary: "Verify the audit trail's hash chains",
    answer: VerifyReportView,
  })
  @Get('verify')
  verify(): Promise<VerifyReportView> {
    return this.verifier.verify();
  }
}
