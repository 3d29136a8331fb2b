import { Module } from '@nestjs/common';
import { SubjectsModule } from '../subjects/subjects.module';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** The retention term after withdrawal of consent, carried out (P17). */
@Module({
  imports: [SubjectsModule],
  controllers: [RetentionController],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
