import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { MediaModule } from '../media/media.module';
import { StaffModule } from '../staff/staff.module';
import { ThirdPartiesModule } from '../third-parties/third-parties.module';
import { AccessModule } from '../access/access.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { DataRequestsController, MyRequestsController } from './data-requests.controller';
import { DataRequestsService } from './data-requests.service';
import { DataRequestStep } from './data-request-step.entity';
import { DataRequest } from './data-request.entity';
import { ReportFiles } from './report-files';
import { ReportFilesController } from './report-files.controller';
import { RequestCompletion } from './request-completion';
import { RequestMail } from './request-mail';
import { RequestWorkflow } from './request-workflow';
import { SubjectReports } from './subject-report';

/** The data subject's rights as a tracked workflow with legal deadlines (P7, P15, P17). */
@Module({
  imports: [
    TypeOrmModule.forFeature([DataRequest, DataRequestStep]),
    SubjectsModule,
    StaffModule,
    AccessModule,
    MailModule,
    MediaModule,
    ThirdPartiesModule,
  ],
  controllers: [MyRequestsController, DataRequestsController, ReportFilesController],
  providers: [
    DataRequestsService,
    RequestWorkflow,
    RequestCompletion,
    RequestMail,
    SubjectReports,
    ReportFiles,
  ],
})
export class DataRequestsModule {}
