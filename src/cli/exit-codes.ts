/**
 * What the operator's commands exit with, so a script can tell "the answer is no" from
 * "the command could not run". Documented in the README's command-line section.
 */
export const ExitCode = {
  /** Done; for a check, the answer is yes. */
  OK: 0,
  /** Ran, and the answer is no or something failed: a trail that does not verify, a refusal, a subject not processed; also no command given. */
  FAILED: 1,
  /** Wrong use: an unknown command or option, a missing argument. */
  USAGE: 2,
  /** The configuration (environment, `.env`) is missing or malformed. */
  CONFIG: 3,
  /** The service could not start: the database unreachable, a key unavailable. */
  UNAVAILABLE: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Commander's ends of a run: help asked for is OK, no command is FAILED, the rest USAGE. */
export function exitForUsage(error: Error): ExitCode {
  switch ((error as { code?: string }).code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return ExitCode.OK;
    case 'commander.help':
      return ExitCode.FAILED;
    default:
      return ExitCode.USAGE;
  }
}
