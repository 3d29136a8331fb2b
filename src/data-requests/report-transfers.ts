import type { Category } from '../pd/vocabulary';

/** One transfer of the subject's PD to a third party, as the report states it (P15.1). */
export interface ReportTransfer {
  thirdParty: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  categories: Category[];
  /** ISO 8601, UTC. */
  at: string;
}

/**
 * Where the report reads the third parties that received the subject's PD. The transfers
 * feature provides it under this token; until then nothing is provided and the section
 * is empty (NoTransfers).
 */
export interface ReportTransfers {
  transfersOf(subjectId: string): Promise<ReportTransfer[]>;
}

export const REPORT_TRANSFERS = Symbol('ReportTransfers');

export class NoTransfers implements ReportTransfers {
  transfersOf(): Promise<ReportTransfer[]> {
    return Promise.resolve([]);
  }
}
