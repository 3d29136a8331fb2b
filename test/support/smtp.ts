import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelopeFrom: string;
  recipients: string[];
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  text: string;
  /** The SMTP session it arrived on: different sessions, different connections. */
  sessionId: string;
}

export interface TestSmtp {
  /** SMTP_URL for the service. */
  url: string;
  received: ReceivedMail[];
  /** Recipients refused, once per refusal, in order. */
  refused: string[];
  /** Answers `451` (try again later) to the next `times` RCPT TO of `address`. */
  refuseTemporarily(address: string, times?: number): void;
  /** Answers `550` to every RCPT TO of `address`. */
  refuseAlways(address: string): void;
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port: the service talks
 * SMTP to it exactly as to a production relay, and the tests read what it accepted.
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const refused: string[] = [];
  const refuseNext = new Map<string, number>();
  const refuseForever = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      const permanent = refuseForever.has(recipient);
      const temporary = refuseNext.get(recipient) ?? 0;
      if (temporary > 0) refuseNext.set(recipient, temporary - 1);
      if (permanent || temporary > 0) {
        refused.push(recipient);
        const error = Object.assign(
          new Error(permanent ? 'Mailbox unavailable' : 'Try again later'),
          { responseCode: permanent ? 550 : 451 },
        );
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(parse(Buffer.concat(chunks).toString('utf8'), session));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused,
    refuseTemporarily: (address, times = 1) => refuseNext.set(address.toLowerCase(), times),
    refuseAlways: (address) => refuseForever.add(address.toLowerCase()),
    to: (address) => received.filter((mail) => mail.recipients.includes(address.toLowerCase())),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function parse(raw: string, session: SMTPServerSession): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  return {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
    headers,
    subject: decodeWords(headers.subject ?? ''),
    messageId: headers['message-id'] ?? '',
    text:
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body.replace(/=\r\n/g, ''))
          : body,
    sessionId: session.id,
  };
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, _charset: string, kind: string, text: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const latin1 = text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return Buffer.from(latin1, 'latin1').toString('utf8');
}
