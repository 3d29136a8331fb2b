import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * AES-256-GCM with a random 96-bit nonce per value. The associated data names what the
 * value is (`<subject>/<field>`), so a ciphertext copied to another field or another
 * subject fails to open instead of showing the wrong person's data.
 * Format: `v1.` + base64(nonce ‖ ciphertext ‖ tag).
 */

const VERSION = 'v1.';
const NONCE = 12;
const TAG = 16;

export function seal(key: Buffer, context: string, plaintext: Buffer): string {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return VERSION + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** Throws when the key, the context or a single bit of the value is wrong. */
export function open(key: Buffer, context: string, sealed: string): Buffer {
  if (!sealed.startsWith(VERSION)) throw new Error('unknown ciphertext format');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  if (raw.length < NONCE + TAG) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG));
  return Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]);
}

/** A subject's data key: every PD value of that subject is sealed under it. */
export class DataKey {
  constructor(
    readonly subjectId: string,
    private readonly key: Buffer,
  ) {}

  seal(context: string, value: string): string {
    return seal(this.key, `${this.subjectId}/${context}`, Buffer.from(value, 'utf8'));
  }

  open(context: string, sealed: string): string {
    return open(this.key, `${this.subjectId}/${context}`, sealed).toString('utf8');
  }
}
