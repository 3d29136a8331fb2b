import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import type { RenderedMail } from './renderers';

type Transport = ReturnType<typeof createTransport>;

/** SMTP timeouts: together they bound one attempt well inside the worker's claim lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** Why an attempt failed, as a code fit for `lastError`, and whether retrying can help. */
export interface SendFailure {
  code: string;
  permanent: boolean;
}

/**
 * The SMTP side of the outbox (nodemailer, one pooled transport per instance built at
 * start). Without SMTP_URL there is no transport and nothing is ever sent.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transport | null;
  private readonly domain: string;

  constructor(private readonly config: AppConfig) {
    const { smtpUrl, from } = config.mail;
    this.transport = smtpUrl
      ? createTransport({ url: smtpUrl, pool: true, maxConnections: 2, ...SMTP_TIMEOUTS })
      : null;
    this.domain = from?.split('@')[1] ?? 'localhost';
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /**
   * Sends one message with the Message-ID `<outbox id@sender domain>`, so the same message
   * sent twice (see the outbox worker) carries the same id and a receiver can drop it.
   * Bodies go base64: the texts are mostly Cyrillic, which quoted-printable triples.
   */
  async send(outboxId: string, mail: RenderedMail, signal: AbortSignal): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not configured');
    await this.transport.sendMail({
      messageId: this.messageId(outboxId),
      from: { name: this.config.operator.name, address: this.config.mail.from! },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      textEncoding: 'base64',
      signal,
    });
  }

  messageId(outboxId: string): string {
    return `<${outboxId}@${this.domain}>`;
  }

  /** After every module's destroy hook: the worker has finished its last send by then. */
  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** The code of an SMTP failure (`SMTP_451`, `ECONNECTION`), never its text or an address. */
export function describeSendFailure(error: unknown): SendFailure {
  const failure = error as { code?: unknown; responseCode?: unknown; permanent?: unknown };
  const code =
    typeof failure.responseCode === 'number'
      ? `SMTP_${failure.responseCode}`
      : typeof failure.code === 'string' && /^[A-Z_]{2,40}$/.test(failure.code)
        ? failure.code
        : 'SEND_FAILED';
  // Refused for good for this message (a 5xx to the recipient or the content); a permanent
  // answer to anything else (authentication, say) is the server's set-up and may be fixed.
  const permanent =
    failure.permanent === true && (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE');
  return { code, permanent };
}
