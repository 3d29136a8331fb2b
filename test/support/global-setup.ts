import { createConnection } from 'mysql2/promise';
import { mysqlServer } from './databases';

/** With TEST_DB=mysql, fail at once and clearly when the server cannot be reached. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DB !== 'mysql') return;
  const server = mysqlServer();
  try {
    const connection = await createConnection(server);
    await connection.end();
  } catch (error) {
    throw new Error(
      `TEST_DB=mysql but no MySQL/MariaDB server answers at ${server.host}:${server.port} as ${server.user} (${(error as { code?: string }).code})`,
    );
  }
}
