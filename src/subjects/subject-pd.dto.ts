import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIin, IsMobilePhone } from '../pd/validation/decorators';
import type { Category } from '../pd/vocabulary';
import type { PdView } from '../pd/pd-view.dto';
import type { ContractState, VerificationStatus } from './vocabulary';

/** Exact search through one blind index: exactly one of the three. */
export class SubjectSearchQuery {
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @IsMobilePhone()
  phone?: string;

  @IsOptional()
  @IsIin()
  iin?: string;
}

/** A subject as staff and clients see it: only the categories the caller may read. */
export class StaffSubjectView {
  id!: string;
  pd!: PdView;
  /** Categories left out because the caller may not read them for this purpose. */
  withheld!: Category[];
  contractState!: ContractState | null;
  blocked!: boolean;
  /** P5: FAILED means a third party could not verify the subject's data. */
  verificationStatus!: VerificationStatus;
}

export class SubjectSearchView {
  items!: StaffSubjectView[];
}
