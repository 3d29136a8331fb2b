import type { AccessRule } from '../../src/auth/access.decorator';
import type { TestApp } from '../support/app';
import type { Attacker, Held, World } from './four-eyes-world';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Answer = { status: number; body: Record<string, unknown> };
export type Body = object | ((held: Held) => Promise<object>);

export interface Play {
  t: TestApp;
  me: Attacker;
  w: World;
  /** The request with every token the route accepts, and without one, recorded. */
  call: (
    method: Method,
    url: string,
    body?: Body,
    headers?: Record<string, string>,
  ) => Promise<Answer[]>;
  /**
   * The same, stopping at the first token that succeeds: making accounts, clients and
   * subjects. One more accomplice of the same kind adds no power, only requests.
   */
  make: (method: Method, url: string, body?: Body) => Promise<Answer[]>;
  /** Reads the attacker's mailbox and enrols with whatever arrived there. */
  harvest: () => Promise<void>;
  rules: readonly AccessRule[];
}

export type Attempt = (play: Play) => Promise<void>;

export const V = '/api/v1';
export const ok = (answers: Answer[], status = 201): Answer[] =>
  answers.filter((a) => a.status === status);

export async function signInClient(
  me: Attacker,
  clientId: string,
  clientSecret: string,
): Promise<void> {
  const token = await me.send(
    'POST /api/v1/auth/clients/token',
    null,
    'post',
    `${V}/auth/clients/token`,
    {
      clientId,
      clientSecret,
    },
  );
  if (token.status === 200)
    me.hold('client', token.body.accessToken as string, `client ${clientId}`);
}

/** Every staff account the attacker made or took over, and themself. */
export const everyone = ({ me, w }: Play): string[] => [
  me.id,
  w.officer.id,
  w.operator.id,
  ...me.made.staff,
];
