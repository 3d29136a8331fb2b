import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Vault } from '../crypto/vault';
import { MailRenderers, type OutboxEntry, type Rendering } from '../mail/renderers';
import { MailKind } from '../mail/vocabulary';
import { Category } from '../pd/vocabulary';
import { SubjectsService } from '../subjects/subjects.service';
import { DataRequestStep } from './data-request-step.entity';
import { DataRequest } from './data-request.entity';
import { openNote } from './request-body';
import { composeRequestLetter } from './request-mail-text';

/**
 * Renders DATA_REQUEST_STATUS notices when they are sent: the outbox row names only the
 * step; the address, name, language and note are read then. A subject depersonalized
 * meanwhile (a completed deletion among them) has no address any more: NO_RECIPIENT.
 */
@Injectable()
export class RequestMail implements OnModuleInit {
  constructor(
    @InjectRepository(DataRequest) private readonly requests: Repository<DataRequest>,
    @InjectRepository(DataRequestStep) private readonly steps: Repository<DataRequestStep>,
    private readonly renderers: MailRenderers,
    private readonly subjects: SubjectsService,
    private readonly vault: Vault,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.renderers.register(MailKind.DATA_REQUEST_STATUS, (entry) => this.render(entry));
  }

  private async render(entry: OutboxEntry): Promise<Rendering> {
    const step = await this.steps.findOneBy({ id: entry.reference });
    const request = step && (await this.requests.findOneBy({ id: step.requestId }));
    if (!step || !request) return { skip: 'NO_REQUEST' };
    const [found, key] = await Promise.all([
      this.subjects.read(entry.subjectId, [Category.IDENTITY, Category.CONTACT]),
      this.vault.keyFor(entry.subjectId),
    ]);
    const email = found?.record.email;
    if (!found || found.subject.depersonalizedAt || !email || !key) return { skip: 'NO_RECIPIENT' };
    const { surname, givenName, patronymic } = found.record;
    const fullName = [surname, givenName, patronymic].filter(Boolean).join(' ');
    const letter = composeRequestLetter({
      operatorName: this.config.operator.name,
      fullName,
      language: found.subject.preferredLanguage,
      type: request.type,
      status: step.status,
      filedAt: request.filedAt,
      dueAt: request.dueAt,
      note: openNote(key, step),
    });
    return { mail: { to: { name: fullName, address: email }, ...letter } };
  }
}
