import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import suiteSetup from '../../support/global-setup';

/**
 * The suite's setup, then an empty screenshot folder: what a run leaves there is that
 * run's screens only, so a reader never takes a renamed or dropped screen for a current one.
 */
export default async function globalSetup(): Promise<void> {
  await suiteSetup();
  const folder = join(__dirname, '..', 'screenshots');
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(folder)) if (name.endsWith('.png')) rmSync(join(folder, name));
}
