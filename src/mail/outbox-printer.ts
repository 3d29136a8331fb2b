import { Injectable } from '@nestjs/common';
import { Mailer } from './mailer';
import { Outbox, type PendingEntry } from './outbox';
import { MailError, MailRenderers, type Rendering } from './renderers';

const PAGE = 200;

/**
 * `cli outbox:print`: without SMTP_URL nothing is sent, so an operator can see (and pass
 * on by other means) every message still waiting, rendered as it would be sent. It
 * changes nothing: the messages stay in the outbox. A confidential message (an enrolment
 * token) is listed without its text: the credential reaches its owner by email only, so
 * nobody who can run this command learns another person's password (four eyes).
 */
@Injectable()
export class OutboxPrinter {
  constructor(
    private readonly outbox: Outbox,
    private readonly renderers: MailRenderers,
    private readonly mailer: Mailer,
  ) {}

  async print(write: (text: string) => void): Promise<number> {
    let printed = 0;
    let after: PendingEntry | null = null;
    for (;;) {
      const page = await this.outbox.pending(after, PAGE);
      for (const entry of page) {
        write(this.format(entry, await this.render(entry)));
        printed++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1];
    }
    write(`${printed} message(s) waiting in the outbox\n`);
    return printed;
  }

  private async render(entry: PendingEntry): Promise<Rendering | { error: string }> {
    try {
      return await this.renderers.render(entry);
    } catch (error) {
      return { error: error instanceof MailError ? error.code : 'RENDER_FAILED' };
    }
  }

  private format(entry: PendingEntry, rendering: Rendering | { error: string }): string {
    const title = `=== ${entry.id} ${entry.kind} ${entry.status}, ${entry.attempts} attempt(s), queued ${entry.createdAt.toISOString()}`;
    if ('error' in rendering) return `${title}\n(cannot be rendered: ${rendering.error})\n\n`;
    if ('skip' in rendering) return `${title}\n(no longer needed: ${rendering.skip})\n\n`;
    const { mail } = rendering;
    return [
      title,
      `Message-ID: ${this.mailer.messageId(entry.id)}`,
      `To: ${mail.to.name} <${mail.to.address}>`,
      `Subject: ${mail.subject}`,
      '',
      mail.confidential
        ? '(confidential: holds a one-time credential, sent by email only)'
        : mail.text,
      '',
      '',
    ].join('\n');
  }
}
