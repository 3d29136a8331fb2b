/**
 * The committed contract, `openapi.json`, against the document the application serves.
 *
 *   npm run openapi:write   writes the application's document to openapi.json
 *   npm run openapi:check   fails (and prints the first differences) when they differ
 *
 * The app starts on a temporary SQLite database with the swagger plugin's metadata loaded
 * (as `nest build` compiles it in), so the document is production's.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { startApp } from '../test/support/app';
import { loadOpenApiMetadata } from '../test/support/openapi-metadata';

const FILE = join(__dirname, '..', 'openapi.json');

async function servedDocument(): Promise<string> {
  process.env.TEST_DB = 'sqlite';
  await loadOpenApiMetadata();
  const t = await startApp();
  try {
    const response = await t.http().get('/docs/json');
    if (response.status !== 200) throw new Error(`/docs/json answered ${response.status}`);
    const options = await resolveConfig(FILE);
    return format(JSON.stringify(response.body), { ...options, filepath: FILE });
  } finally {
    await t.close();
  }
}

function firstDifferences(committed: string, served: string): string[] {
  const a = committed.split('\n');
  const b = served.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && lines.length < 20; i++) {
    if (a[i] !== b[i])
      lines.push(`line ${i + 1}:\n  committed: ${a[i] ?? ''}\n  served:    ${b[i] ?? ''}`);
  }
  return lines;
}

async function main(command: string | undefined): Promise<void> {
  const served = await servedDocument();
  if (command === 'write') {
    writeFileSync(FILE, served);
    console.log(`Wrote ${FILE}`);
    return;
  }
  if (command !== 'check') throw new Error('usage: openapi.ts write|check');
  let committed = '';
  try {
    committed = readFileSync(FILE, 'utf8');
  } catch {
    // A missing file differs like any other.
  }
  if (committed === served) {
    console.log('openapi.json is the document the application serves');
    return;
  }
  console.error("openapi.json differs from the application's document (npm run openapi:write):");
  for (const line of firstDifferences(committed, served)) console.error(line);
  process.exitCode = 1;
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
