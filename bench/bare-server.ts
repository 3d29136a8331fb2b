/**
 * The yardstick: a bare Fastify + mysql2 endpoint on the same database, with no framework,
 * no auth, no crypto, doing what a guarded PD read minimally must: one primary-key read
 * of a subject and one insert (a log row). Started as its own process by compare.ts.
 *
 *   node -r ts-node/register/transpile-only bench/bare-server.ts   (env: DB_*, PORT)
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { createPool } from 'mysql2/promise';

async function main(): Promise<void> {
  const pool = createPool({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    user: process.env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: process.env.DB_NAME,
    connectionLimit: 20,
    timezone: 'Z',
  });
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_bare_log (id varchar(36) PRIMARY KEY, subjectId varchar(36) NOT NULL, at datetime(3) NOT NULL) ENGINE=InnoDB',
  );
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/bare/subjects/:id', async (request, reply) => {
    const [rows] = await pool.query('SELECT id, sealed, emailIndex FROM subjects WHERE id = ?', [
      request.params.id,
    ]);
    await pool.query('INSERT INTO bench_bare_log (id, subjectId, at) VALUES (?, ?, ?)', [
      randomUUID(),
      request.params.id,
      new Date(),
    ]);
    const subject = (rows as Array<Record<string, unknown>>)[0];
    return subject ? { id: subject.id } : reply.code(404).send({});
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
}

void main();
