import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupRefusal } from './backup-error';
import { FrameDecryptor, FrameEncryptor, newHeader } from './backup-cipher';

const master = randomBytes(32);

async function encrypt(plain: Buffer): Promise<Buffer> {
  const { header, key } = newHeader('b1', master, {
    createdAt: new Date().toISOString(),
    sourceDriver: 'better-sqlite3',
    migrations: ['M1'],
    ledger: { seq: 0, hash: '' },
  });
  const out: Buffer[] = [];
  await pipeline(
    Readable.from([plain]),
    new FrameEncryptor(key, JSON.stringify(header)),
    new Writable({ write: (chunk: Buffer, _, next) => (out.push(chunk), next()) }),
  );
  return Buffer.concat(out);
}

async function decrypt(file: Buffer, keys = new Map([['b1', master]])): Promise<Buffer> {
  const out: Buffer[] = [];
  // Fed in small pieces, as a file stream would, so frames straddle chunks.
  const pieces = Array.from({ length: Math.ceil(file.length / 777) }, (_, i) =>
    file.subarray(i * 777, (i + 1) * 777),
  );
  await pipeline(
    Readable.from(pieces),
    new FrameDecryptor((id) => keys.get(id)),
    new Writable({ write: (chunk: Buffer, _, next) => (out.push(chunk), next()) }),
  );
  return Buffer.concat(out);
}

const headerEnd = (file: Buffer) => file.indexOf(0x0a) + 1;

describe('the backup file: AES-256-GCM in authenticated frames (P11.5)', () => {
  const plain = randomBytes(200_000); // four frames

  it('gives back exactly what went in, and no plaintext is in the file', async () => {
    const file = await encrypt(plain);
    expect((await decrypt(file)).equals(plain)).toBe(true);
    expect(file.includes(plain.subarray(1000, 1032))).toBe(false);
  });

  it('refuses a changed byte, a cut file, an appended frame and swapped frames', async () => {
    const file = await encrypt(plain);
    const start = headerEnd(file);
    const flipped = Buffer.from(file);
    flipped[start + 70_000] ^= 1;
    const frame = 5 + 65_536 + 16;
    const swapped = Buffer.concat([
      file.subarray(0, start),
      file.subarray(start + frame, start + 2 * frame),
      file.subarray(start, start + frame),
      file.subarray(start + 2 * frame),
    ]);
    for (const damaged of [
      flipped,
      file.subarray(0, start + frame),
      Buffer.concat([file, file.subarray(start, start + frame)]),
      swapped,
    ]) {
      await expect(decrypt(damaged)).rejects.toMatchObject({ code: BackupRefusal.TAMPERED });
    }
  });

  it('tells a wrong key and an unknown key apart from damage', async () => {
    const file = await encrypt(plain);
    await expect(decrypt(file, new Map([['b1', randomBytes(32)]]))).rejects.toMatchObject({
      code: BackupRefusal.WRONG_KEY,
    });
    await expect(decrypt(file, new Map([['b2', master]]))).rejects.toMatchObject({
      code: BackupRefusal.UNKNOWN_KEY,
    });
  });

  it('refuses a header changed to name other migrations (it is bound into every tag)', async () => {
    const file = await encrypt(plain);
    const header = file.subarray(0, headerEnd(file)).toString('utf8').replace('"M1"', '"M2"');
    const changed = Buffer.concat([Buffer.from(header), file.subarray(headerEnd(file))]);
    await expect(decrypt(changed)).rejects.toMatchObject({ code: BackupRefusal.TAMPERED });
  });
});
