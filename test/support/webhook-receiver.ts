import { createServer, type Server } from 'node:http';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as it arrived (what the signature covers). */
  raw: string;
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses to answer in turn; when they run out, 200. */
  answer(statuses: number[]): void;
  close(): Promise<void>;
}

/** A real HTTP server standing in for the Billing's webhook endpoint. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, raw, event: JSON.parse(raw) as Received['event'] });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/pd`,
    received,
    answer: (next) => (statuses = [...next]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
