import { randomBytes } from 'node:crypto';
import { DataKey, open, seal } from './envelope';

describe('AES-256-GCM envelope (P11.4)', () => {
  const key = randomBytes(32);

  it('round-trips and uses a fresh nonce each time', () => {
    const a = seal(key, 's1/email', Buffer.from('a@example.kz'));
    const b = seal(key, 's1/email', Buffer.from('a@example.kz'));
    expect(a).not.toBe(b);
    expect(open(key, 's1/email', a).toString()).toBe('a@example.kz');
  });

  it('refuses another key, another context, or a flipped bit', () => {
    const sealed = seal(key, 's1/email', Buffer.from('a@example.kz'));
    expect(() => open(randomBytes(32), 's1/email', sealed)).toThrow();
    expect(() => open(key, 's2/email', sealed)).toThrow();
    expect(() => open(key, 's1/phone', sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[14] ^= 1;
    expect(() => open(key, 's1/email', `v1.${raw.toString('base64')}`)).toThrow();
  });

  it("binds a data key's values to its subject", () => {
    const dek = randomBytes(32);
    const sealed = new DataKey('subject-a', dek).seal('surname', 'Ахметова');
    expect(new DataKey('subject-a', dek).open('surname', sealed)).toBe('Ахметова');
    expect(() => new DataKey('subject-b', dek).open('surname', sealed)).toThrow();
  });
});
