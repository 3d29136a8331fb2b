import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { notFound } from '../errors/app-error';
import { Category } from '../pd/vocabulary';
import { SubjectsService } from '../subjects/subjects.service';
import { ConsentLedger } from './consent-ledger';
import { type ConsentReceipt, buildReceipt } from './consent-receipt';
import { stateAt } from './consent-state';
import { PolicyVersionsService } from './policy-versions.service';
import { ConsentAction } from './vocabulary';

/** Receipts for the subject's own grants: a grant of someone else is NOT_FOUND, like a missing one. */
@Injectable()
export class ConsentReceipts {
  constructor(
    private readonly ledger: ConsentLedger,
    private readonly policies: PolicyVersionsService,
    private readonly subjects: SubjectsService,
    private readonly config: AppConfig,
  ) {}

  async forSubject(subjectId: string, consentId: string): Promise<ConsentReceipt> {
    const consent = await this.ledger.find(subjectId, consentId);
    if (!consent || consent.action !== ConsentAction.GRANTED) throw notFound('Consent grant');
    const [records, version, found] = await Promise.all([
      this.ledger.records(subjectId, consent.at),
      this.policies.find(consent.policyVersionId),
      this.subjects.read(subjectId, [Category.IDENTITY]),
    ]);
    if (!version || !found || found.subject.depersonalizedAt) throw notFound('Consent grant');
    const { surname, givenName, patronymic } = found.record;
    return buildReceipt({
      consent,
      stateThen: stateAt(records, consent.at),
      operator: this.config.operator,
      subject: {
        id: subjectId,
        fullName: [surname, givenName, patronymic].filter(Boolean).join(' '),
      },
      policyVersion: { id: version.id, label: version.label, textHash: version.textHash },
      retentionDays: this.config.retention.pdDays,
    });
  }
}
