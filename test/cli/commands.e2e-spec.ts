import { startApp, type TestApp } from '../support/app';
import { runCli } from '../support/instance';

/** Each command line run is a process that compiles the service on start: slow on a busy machine. */
jest.setTimeout(180_000);

const COMMANDS = [
  'keys:rotate',
  'audit:verify',
  'audit:anchor',
  'staff:first-officer',
  'outbox:print',
  'retention:run',
  'backup',
  'restore',
];

describe('The operator command line behaves like a real tool (P11.4, P17)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('lists every command with --help and exits 0', async () => {
    const help = await runCli(t.env, ['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(command);
  });

  it.each(COMMANDS)('describes %s and its options with --help, exit 0', async (command) => {
    const help = await runCli(t.env, [command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: cli ${command}`);
    expect(help.stdout).toContain('--json');
  });

  it('exits 2 on an unknown command, an unknown option or a missing argument', async () => {
    expect((await runCli(t.env, ['audit:frobnicate'])).code).toBe(2);
    expect((await runCli(t.env, ['retention:run', '--everything'])).code).toBe(2);
    const missing = await runCli(t.env, ['staff:first-officer', 'only@pd.test']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('fullName');
  });

  it('exits 3 on a configuration error, naming the variable and not its value', async () => {
    const exit = await runCli({ ...t.env, PD_RETENTION_DAYS: 'soon-ish' }, ['retention:run']);
    expect(exit.code).toBe(3);
    expect(exit.stderr).toContain('PD_RETENTION_DAYS');
    expect(exit.stderr).not.toContain('soon-ish');
  });

  it('exits 4 when the database cannot be used', async () => {
    const exit = await runCli(
      {
        ...t.env,
        DB_TYPE: 'mysql',
        DB_HOST: '127.0.0.1',
        DB_PORT: '1',
        DB_USER: 'root',
        DB_NAME: 'none',
      },
      ['audit:verify'],
    );
    expect(exit.code).toBe(4);
    expect(exit.stderr).toContain('Start failed');
  });

  it('prints a result a script can read with --json, and no progress on stdout', async () => {
    const verify = await runCli(t.env, ['audit:verify', '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    const dry = await runCli(t.env, ['retention:run', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({
      due: 0,
      depersonalized: 0,
      skipped: 0,
      failed: 0,
      dryRun: true,
    });
  });
});
