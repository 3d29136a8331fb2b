import { Injectable } from '@nestjs/common';
import type { MailKind } from './vocabulary';

/** What a renderer is told about a message: nothing more than the outbox row holds. */
export interface OutboxEntry {
  id: string;
  kind: MailKind;
  subjectId: string;
  reference: string;
}

export interface RenderedMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  /**
   * The text carries a credential meant for the recipient alone (an enrolment token):
   * it goes out by SMTP only and is never printed or shown anywhere else.
   */
  confidential?: boolean;
}

/** A mail to send, or the code of the reason it is no longer needed. */
export type Rendering = { mail: RenderedMail } | { skip: string };

export type MailRenderer = (entry: OutboxEntry) => Promise<Rendering>;

/**
 * Each feature that queues mail registers the renderer of its kinds (as modules register
 * account lookups with Principals): the outbox stays free of PD, and the address, name
 * and text are read through the owning feature's service at the moment of sending.
 */
@Injectable()
export class MailRenderers {
  private readonly renderers = new Map<MailKind, MailRenderer>();

  register(kind: MailKind, renderer: MailRenderer): void {
    if (this.renderers.has(kind)) throw new Error(`a renderer for ${kind} is already registered`);
    this.renderers.set(kind, renderer);
  }

  /** Throws when no renderer knows the kind (an instance of an older version): retried later. */
  render(entry: OutboxEntry): Promise<Rendering> {
    const renderer = this.renderers.get(entry.kind);
    if (!renderer) throw new MailError('NO_RENDERER');
    return renderer(entry);
  }
}

/** A failure named by a code only: codes go to `lastError`, texts never do. */
export class MailError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
