/** Why a backup or a restore was refused; `code` is what `--json` prints for a script. */
export const BackupRefusal = {
  NO_BACKUP_KEY: 'NO_BACKUP_KEY',
  NOT_A_BACKUP: 'NOT_A_BACKUP',
  UNKNOWN_KEY: 'UNKNOWN_KEY',
  WRONG_KEY: 'WRONG_KEY',
  NO_CHECKSUM: 'NO_CHECKSUM',
  CHECKSUM_MISMATCH: 'CHECKSUM_MISMATCH',
  TAMPERED: 'TAMPERED',
  NOT_EMPTY: 'NOT_EMPTY',
  SCHEMA_MISMATCH: 'SCHEMA_MISMATCH',
  NO_LEDGER: 'NO_LEDGER',
  LEDGER_BROKEN: 'LEDGER_BROKEN',
} as const;
export type BackupRefusal = (typeof BackupRefusal)[keyof typeof BackupRefusal];

export class BackupError extends Error {
  constructor(
    readonly code: BackupRefusal,
    message: string,
  ) {
    super(message);
  }
}
