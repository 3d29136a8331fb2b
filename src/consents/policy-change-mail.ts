import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailRenderers, type OutboxEntry, type Rendering } from '../mail/renderers';
import { MailKind } from '../mail/vocabulary';
import { Category } from '../pd/vocabulary';
import { SubjectsService } from '../subjects/subjects.service';
import { ConsentLedger } from './consent-ledger';
import { composePolicyChange } from './policy-change-text';
import { PolicyVersionsService } from './policy-versions.service';
import { ConsentAction, ConsentPurpose } from './vocabulary';

/**
 * Renders POLICY_CHANGED notices when they are sent: the address, name and language are
 * read then, through SubjectsService, so the outbox never holds them. A notice no longer
 * needed by then is skipped: the subject has accepted the version meanwhile
 * (ALREADY_ACCEPTED), withdrawn consent to processing (CONSENT_WITHDRAWN), or has no
 * readable address any more (NO_RECIPIENT).
 */
@Injectable()
export class PolicyChangeMail implements OnModuleInit {
  constructor(
    private readonly renderers: MailRenderers,
    private readonly subjects: SubjectsService,
    private readonly policies: PolicyVersionsService,
    private readonly ledger: ConsentLedger,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.renderers.register(MailKind.POLICY_CHANGED, (entry) => this.render(entry));
  }

  private async render(entry: OutboxEntry): Promise<Rendering> {
    const [version, latest, found] = await Promise.all([
      this.policies.find(entry.reference),
      this.ledger.latest(entry.subjectId, ConsentPurpose.PD_PROCESSING),
      this.subjects.read(entry.subjectId, [Category.IDENTITY, Category.CONTACT]),
    ]);
    if (!version) return { skip: 'NO_POLICY_VERSION' };
    if (latest?.action !== ConsentAction.GRANTED) return { skip: 'CONSENT_WITHDRAWN' };
    if (latest.policyVersionId === version.id) return { skip: 'ALREADY_ACCEPTED' };
    const email = found?.record.email;
    if (!found || found.subject.depersonalizedAt || !email) return { skip: 'NO_RECIPIENT' };
    const { surname, givenName, patronymic } = found.record;
    const fullName = [surname, givenName, patronymic].filter(Boolean).join(' ');
    const letter = composePolicyChange({
      operatorName: this.config.operator.name,
      fullName,
      language: found.subject.preferredLanguage,
      version,
    });
    return { mail: { to: { name: fullName, address: email }, ...letter } };
  }
}
