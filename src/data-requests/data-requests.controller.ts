import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, Staff, Subject } from '../auth/access.decorator';
import { Ctx, type RequestContext } from '../auth/request-context';
import { IdParam } from '../common/id-param';
import { Operation } from '../pd/vocabulary';
import { Role } from '../staff/roles';
import {
  AssignDto,
  CompleteDto,
  FileForSubjectDto,
  FileRequestDto,
  MyRequestPage,
  MyRequestsQuery,
  RejectDto,
  RequestListQuery,
  RequestPage,
  RequestView,
} from './data-requests.dto';
import { DataRequestsService } from './data-requests.service';
import { renderReportPdf } from './report-pdf';
import { RequestCompletion } from './request-completion';
import { type SubjectReport, SubjectReports } from './subject-report';
import { Endpoint } from '../openapi/endpoint.decorator';
import { SubjectReportView } from './subject-report.dto';

/** The subject's own requests (P15) in the personal cabinet. */
@ApiTags('personal cabinet')
@Controller('me')
@Access(Subject)
export class MyRequestsController {
  constructor(
    private readonly requests: DataRequestsService,
    private readonly reports: SubjectReports,
  ) {}

  /** Files a request; the answer carries its `status` and legal deadline `dueAt`. */
  @Endpoint({
    id: 'fileMyRequest',
    summary: 'File a data request (rectification, blocking, deletion, information)',
    answer: RequestView,
    errors: ['INVALID_STATE', 'CONTRACT_OBLIGATIONS_OUTSTANDING', 'ALREADY_EXISTS'],
  })
  @Post('requests')
  file(@Body() dto: FileRequestDto, @Ctx() ctx: RequestContext): Promise<RequestView> {
    return this.requests.fileMine(dto, ctx);
  }

  /** Newest first, with every step and a rejection's reason. */
  @Endpoint({
    id: 'listMyRequests',
    summary: "List one's own data requests",
    answer: MyRequestPage,
  })
  @Get('requests')
  list(@Query() query: MyRequestsQuery, @Ctx() ctx: RequestContext): Promise<MyRequestPage> {
    return this.requests.listMine(query, ctx);
  }

  @Endpoint({
    id: 'getMyRequest',
    summary: "Read one of one's own data requests",
    answer: RequestView,
    errors: ['NOT_FOUND'],
  })
  @Get('requests/:id')
  one(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<RequestView> {
    return this.requests.mine(id, ctx);
  }

  /** What the Organization holds about the subject and who touched it (P15.1–P15.3), as JSON. */
  @Endpoint({
    id: 'getMyReport',
    summary: "Read one's own subject report",
    answer: SubjectReportView,
    errors: ['KEY_UNAVAILABLE'],
  })
  @Get('report')
  report(@Ctx() ctx: RequestContext): Promise<SubjectReport> {
    return this.reports.forSubject(ctx, Operation.READ);
  }

  /** The same report as a printable PDF. */
  @Endpoint({
    id: 'getMyReportPdf',
    summary: "Download one's own subject report as a PDF",
    answer: 'pdf',
    errors: ['KEY_UNAVAILABLE'],
  })
  @Get('report.pdf')
  @ApiProduces('application/pdf')
  async reportPdf(@Ctx() ctx: RequestContext, @Res() reply: FastifyReply): Promise<void> {
    const pdf = await renderReportPdf(await this.reports.forSubject(ctx, Operation.EXPORT));
    await reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="personal-data-report.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf);
  }
}

/** Compliance officers handle data requests (P15, DESIGN.md "Legal timings"). */
@ApiTags('data requests')
@Controller('data-requests')
@Access(Staff(Role.COMPLIANCE_OFFICER))
export class DataRequestsController {
  constructor(
    private readonly requests: DataRequestsService,
    private readonly completion: RequestCompletion,
  ) {}

  /** Files a request on the subject's behalf, recording the channel it came through (P6). */
  @Endpoint({
    id: 'fileDataRequest',
    summary: "File a data request on a subject's behalf",
    answer: RequestView,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'CONTRACT_OBLIGATIONS_OUTSTANDING', 'ALREADY_EXISTS'],
  })
  @Post()
  file(@Body() dto: FileForSubjectDto, @Ctx() ctx: RequestContext): Promise<RequestView> {
    return this.requests.fileFor(dto, ctx);
  }

  /** By status, type, assignee, subject; `overdue=true` for open requests past their deadline. */
  @Endpoint({ id: 'listDataRequests', summary: 'List data requests', answer: RequestPage })
  @Get()
  list(@Query() query: RequestListQuery): Promise<RequestPage> {
    return this.requests.list(query);
  }

  @Endpoint({
    id: 'getDataRequest',
    summary: 'Read a data request',
    answer: RequestView,
    // Reading what the subject proposed needs READ of its categories (the access rule).
    errors: ['NOT_FOUND', 'ACCESS_ORDER_REQUIRED', 'PLEDGE_REQUIRED'],
  })
  @Get(':id')
  one(@IdParam() id: string, @Ctx() ctx: RequestContext): Promise<RequestView> {
    return this.requests.read(id, ctx);
  }

  /** Takes the request into review (SUBMITTED → IN_REVIEW), or hands it to another officer. */
  @Endpoint({
    id: 'assignDataRequest',
    summary: 'Assign a data request to an officer',
    answer: RequestView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'EMPLOYEE_INACTIVE'],
  })
  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @IdParam() id: string,
    @Body() dto: AssignDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RequestView> {
    return this.requests.assign(id, dto, ctx);
  }

  /** Carries the request out (IN_REVIEW → COMPLETED) with its effect, in one transaction. */
  @Endpoint({
    id: 'completeDataRequest',
    summary: 'Complete a data request, carrying out its effect',
    answer: RequestView,
    status: 200,
    errors: [
      'NOT_FOUND',
      'INVALID_STATE',
      'CONTRACT_OBLIGATIONS_OUTSTANDING',
      'ACCESS_ORDER_REQUIRED',
      'PLEDGE_REQUIRED',
      'ACCOUNT_SUSPENDED',
      'SUBJECT_BLOCKED',
      'PURPOSE_REQUIRED',
      'ALREADY_EXISTS',
      'CONCURRENT_CHANGE',
      'KEY_UNAVAILABLE',
    ],
  })
  @Post(':id/complete')
  @HttpCode(200)
  complete(
    @IdParam() id: string,
    @Body() dto: CompleteDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RequestView> {
    return this.completion.complete(id, dto, ctx);
  }

  /** Refuses the request with a reason the subject reads. */
  @Endpoint({
    id: 'rejectDataRequest',
    summary: 'Reject a data request with a reason',
    answer: RequestView,
    status: 200,
    errors: ['NOT_FOUND', 'INVALID_STATE'],
  })
  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @IdParam() id: string,
    @Body() dto: RejectDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RequestView> {
    return this.requests.reject(id, dto, ctx);
  }
}
