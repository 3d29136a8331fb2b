import { MailRenderers, type OutboxEntry } from '../../src/mail/renderers';
import { MailKind } from '../../src/mail/vocabulary';
import type { TestApp } from './app';

export interface EnrolmentMail {
  to: string;
  token: string;
}

const TOKEN = /pden_[0-9a-f]{64}/;

/**
 * The enrolment emails waiting in the test database's outbox, rendered as the worker
 * would send them: what lands in each recipient's mailbox. Tests read a person's token
 * here, as that person would read it in their email.
 */
export async function enrolmentMails(t: TestApp): Promise<EnrolmentMail[]> {
  const rows: OutboxEntry[] = await t.db.query(
    'SELECT id, kind, subjectId, reference FROM outbox_messages WHERE kind = ? ORDER BY createdAt DESC',
    [MailKind.STAFF_ENROLMENT],
  );
  const renderers = t.app.get(MailRenderers);
  const mails: EnrolmentMail[] = [];
  for (const row of rows) {
    const rendering = await renderers.render(row);
    if (!('mail' in rendering)) continue;
    const token = TOKEN.exec(rendering.mail.text)?.[0];
    if (token) mails.push({ to: rendering.mail.to.address, token });
  }
  return mails;
}

/** The newest usable enrolment token mailed to `address`, or undefined. */
export async function enrolmentTokenFor(t: TestApp, address: string): Promise<string | undefined> {
  return (await enrolmentMails(t)).find((mail) => mail.to === address.toLowerCase())?.token;
}
