import { ApiProperty } from '@nestjs/swagger';
import { AccessLogItem } from '../audit/audit.dto';
import { PD_FIELD_NAMES, type PdField } from '../pd/fields';
import { CATEGORIES, type Category } from '../pd/vocabulary';
import { HeldMediumView } from '../media/media.dto';
import { SubjectTransferView } from '../third-parties/transfers.dto';
import type { SubjectReport } from './subject-report';

class BilingualView {
  ru!: string;
  en!: string;
}

class ReportOperatorView {
  name!: string;
  bin!: string | null;
}

class ReportPurposeView {
  purpose!: string;
  @ApiProperty({ enum: ['CONSENT', 'LAW'] })
  basis!: 'CONSENT' | 'LAW';
  description!: BilingualView;
}

class ReportFieldView {
  @ApiProperty({ enum: PD_FIELD_NAMES })
  field!: PdField;
  value!: string;
}

class ReportCategoryView {
  @ApiProperty({ enum: CATEGORIES })
  category!: Category;
  description!: BilingualView;
  retention!: BilingualView;
  @ApiProperty({ type: [ReportFieldView] })
  fields!: ReportFieldView[];
}

class ReportVisitsView {
  @ApiProperty({ type: 'integer' })
  count!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  first!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last!: string | null;
}

class ReportContractView {
  state!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** The subject report (P15.1–P15.3), as subject-report.ts builds it. */
export class SubjectReportView implements SubjectReport {
  subjectId!: string;
  generatedAt!: string;
  operator!: ReportOperatorView;
  holdsPersonalData!: boolean;
  @ApiProperty({ type: [ReportPurposeView] })
  purposes!: ReportPurposeView[];
  @ApiProperty({ type: [BilingualView] })
  sources!: BilingualView[];
  @ApiProperty({ type: [BilingualView] })
  methods!: BilingualView[];
  @ApiProperty({ type: [ReportCategoryView] })
  personalData!: ReportCategoryView[];
  visits!: ReportVisitsView;
  @ApiProperty({ type: ReportContractView, nullable: true })
  contract!: ReportContractView | null;
  blocked!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  depersonalizeAfter!: string | null;
  /** P11.3: files that left the service with the subject's PD and are not destroyed yet. */
  @ApiProperty({ type: [HeldMediumView] })
  media!: HeldMediumView[];
  @ApiProperty({ type: [SubjectTransferView] })
  transfers!: SubjectTransferView[];
  @ApiProperty({ type: [AccessLogItem] })
  accessLog!: AccessLogItem[];
}
