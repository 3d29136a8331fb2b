import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BackupError, BackupRefusal } from './backup-error';

export const BACKUP_FORMAT = 'pd-back-office-backup';
/** Plaintext bytes per frame: memory stays this small whatever the database's size. */
const FRAME_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const FRAME_HEAD = 5;
const HEADER_MAX = 64 * 1024;

/** The file's first line, in clear: what a restore must know before it opens anything. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  cipher: 'AES-256-GCM';
  compression: 'gzip';
  keyId: string;
  /** HKDF salt: each file has a key of its own, derived from BACKUP_KEY. */
  salt: string;
  /** HMAC of the file key: a wrong key is told apart from a damaged file at once. */
  keyCheck: string;
  sourceDriver: string;
  /** The migrations the source had applied: a restore needs the same schema. */
  migrations: string[];
  /** The erasure ledger's head in the backup: a restore re-applies every entry after it. */
  ledger: { seq: number; hash: string };
  /**
   * The BACKUP medium this file is registered as once written (P11.3): registered after
   * the snapshot, so not in it, and registered by the restore in the restored database.
   * Absent from files made before it was added.
   */
  medium?: BackupMedium;
}

/** What the register says of a backup besides its size and checksum (the file's own). */
export interface BackupMedium {
  id: string;
  subjectCount: number;
  destination: string;
  destroyBy: string;
}

const fileKey = (key: Buffer, salt: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', key, salt, 'pd-back-office backup v1', 32));
const keyCheckOf = (key: Buffer): string =>
  createHmac('sha256', key).update('backup-key-check').digest('hex');

function nonce(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 4);
  return iv;
}

/** Binds a frame to the header, its place and whether it is the last: no frame moves. */
function aad(headerDigest: Buffer, index: number, final: boolean): Buffer {
  const place = Buffer.alloc(9);
  place.writeBigUInt64BE(BigInt(index));
  place[8] = final ? 1 : 0;
  return Buffer.concat([headerDigest, place]);
}

export function newHeader(
  keyId: string,
  key: Buffer,
  fields: Pick<BackupHeader, 'createdAt' | 'sourceDriver' | 'migrations' | 'ledger' | 'medium'>,
): { header: BackupHeader; key: Buffer } {
  const salt = randomBytes(16);
  const derived = fileKey(key, salt);
  return {
    key: derived,
    header: {
      format: BACKUP_FORMAT,
      version: 1,
      cipher: 'AES-256-GCM',
      compression: 'gzip',
      keyId,
      salt: salt.toString('base64'),
      keyCheck: keyCheckOf(derived),
      ...fields,
    },
  };
}

/**
 * AES-256-GCM over a stream, in frames: `[u32 length][u8 final][ciphertext][16-byte tag]`,
 * each frame with its own nonce (its index) and tag, and the header's SHA-256, the index
 * and the final flag as additional data.
 *
 * Why frames and not one tag at the end: a reader can check each frame before it uses a
 * byte of it, with 64 KiB in memory, where a single tag would hand out unauthenticated
 * plaintext until the very end. Frames cannot be reordered, dropped or copied from
 * another file (index and header digest in the tag), and a cut file lacks the frame
 * flagged final. A restore reads the whole file once to check every tag before it writes
 * anything, then again to restore.
 */
export class FrameEncryptor extends Transform {
  private pending: Buffer[] = [];
  private size = 0;
  private index = 0;
  private readonly headerDigest: Buffer;

  constructor(
    private readonly key: Buffer,
    headerLine: string,
  ) {
    super();
    this.headerDigest = createHash('sha256').update(headerLine).digest();
    this.push(`${headerLine}\n`);
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.size += chunk.length;
    while (this.size >= FRAME_BYTES) {
      const all = Buffer.concat(this.pending);
      this.frame(all.subarray(0, FRAME_BYTES), false);
      this.pending = [all.subarray(FRAME_BYTES)];
      this.size = all.length - FRAME_BYTES;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.frame(Buffer.concat(this.pending), true);
    done();
  }

  private frame(plain: Buffer, final: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.index));
    cipher.setAAD(aad(this.headerDigest, this.index, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(FRAME_HEAD);
    head.writeUInt32BE(body.length);
    head[4] = final ? 1 : 0;
    this.push(Buffer.concat([head, body, cipher.getAuthTag()]));
    this.index++;
  }
}

/** Finds the key a header names, or refuses. */
export type KeyLookup = (keyId: string) => Buffer | undefined;

/**
 * The reverse of FrameEncryptor: reads the header line, checks the key it names, then
 * emits each frame's plaintext only once its tag is checked. A file cut short, extended,
 * or changed in any byte is refused (TAMPERED); the header is available as `header`.
 */
export class FrameDecryptor extends Transform {
  header: BackupHeader | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private key: Buffer | null = null;
  private headerDigest = Buffer.alloc(0);
  private index = 0;
  private ended = false;

  constructor(private readonly keys: KeyLookup) {
    super();
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    try {
      if (!this.header) this.readHeader();
      if (this.header) this.readFrames();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (!this.header) return done(notABackup());
    if (!this.ended || this.buffered.length > 0) return done(tampered());
    done();
  }

  private readHeader(): void {
    const end = this.buffered.indexOf(0x0a);
    if (end < 0) {
      if (this.buffered.length > HEADER_MAX) throw notABackup();
      return;
    }
    const line = this.buffered.subarray(0, end).toString('utf8');
    let header: BackupHeader;
    try {
      header = JSON.parse(line) as BackupHeader;
    } catch {
      throw notABackup();
    }
    if (header?.format !== BACKUP_FORMAT || header.version !== 1) throw notABackup();
    const key = this.keys(header.keyId);
    if (!key)
      throw new BackupError(
        BackupRefusal.UNKNOWN_KEY,
        `The backup is encrypted under key "${header.keyId}", which BACKUP_KEY does not hold`,
      );
    const derived = fileKey(key, Buffer.from(header.salt, 'base64'));
    const check = Buffer.from(keyCheckOf(derived), 'hex');
    const given = Buffer.from(String(header.keyCheck), 'hex');
    if (given.length !== check.length || !timingSafeEqual(given, check))
      throw new BackupError(
        BackupRefusal.WRONG_KEY,
        `BACKUP_KEY "${header.keyId}" is not the key this backup was made with`,
      );
    this.header = header;
    this.key = derived;
    this.headerDigest = createHash('sha256').update(line).digest();
    this.buffered = this.buffered.subarray(end + 1);
  }

  private readFrames(): void {
    for (;;) {
      if (this.buffered.length === 0) return;
      if (this.ended) throw tampered();
      if (this.buffered.length < FRAME_HEAD) return;
      const length = this.buffered.readUInt32BE(0);
      const final = this.buffered[4];
      if (length > FRAME_BYTES + 1024 || final > 1) throw tampered();
      const total = FRAME_HEAD + length + TAG_BYTES;
      if (this.buffered.length < total) return;
      const body = this.buffered.subarray(FRAME_HEAD, FRAME_HEAD + length);
      const tag = this.buffered.subarray(FRAME_HEAD + length, total);
      const decipher = createDecipheriv('aes-256-gcm', this.key!, nonce(this.index));
      decipher.setAAD(aad(this.headerDigest, this.index, final === 1));
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw tampered();
      }
      this.buffered = this.buffered.subarray(total);
      this.index++;
      this.ended = final === 1;
      if (plain.length) this.push(plain);
    }
  }
}

const notABackup = () =>
  new BackupError(BackupRefusal.NOT_A_BACKUP, 'The file is not a backup made by this service');
const tampered = () =>
  new BackupError(
    BackupRefusal.TAMPERED,
    'The backup does not authenticate: it was changed, cut short or extended',
  );
