import { createHmac, randomBytes } from 'node:crypto';
import {
  canonicalJson,
  checkpointSignature,
  entryHash,
  genesisHash,
  type HashedFields,
  normaliseList,
  normaliseReason,
  sameDigest,
} from './audit-hash';

const key = randomBytes(32);
const prev = 'a'.repeat(64);

const sample = (): HashedFields => ({
  id: '6f1c2b1e-3d4a-4f5b-8c6d-7e8f9a0b1c2d',
  chainId: '0e9d8c7b-6a59-4837-a261-5f4e3d2c1b0a',
  seq: 7,
  at: new Date('2026-11-24T10:15:30.123Z'),
  actorKind: 'staff',
  actorId: '11111111-2222-4333-8444-555555555555',
  actorRoles: ['OPERATOR'],
  action: 'SUBJECT_READ',
  subjectId: '99999999-8888-4777-8666-555555555555',
  targetId: null,
  fields: [],
  categories: ['CONTACT', 'IDENTITY'],
  operation: 'READ',
  purpose: 'CONTRACT',
  reason: 'TICKET-42',
  outcome: 'ALLOWED',
  code: null,
  requestId: 'req-00000001',
  ip: '203.0.113.7',
  identifierHash: null,
});

describe('canonical hashing of audit entries (P11.4)', () => {
  it('serialises with sorted keys, ISO UTC milliseconds and explicit nulls', () => {
    const json = canonicalJson(sample());
    const keys = Object.keys(JSON.parse(json) as object);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(19);
    expect(json).toContain('"at":"2026-11-24T10:15:30.123Z"');
    expect(json).toContain('"targetId":null');
  });

  it('hashes a field added later only when it is set, so older entries keep their hashes (P11.4)', () => {
    const json = canonicalJson(sample());
    expect(json).not.toContain('identifierHash');
    const withHash = canonicalJson({ ...sample(), identifierHash: 'c'.repeat(64) });
    expect(Object.keys(JSON.parse(withHash) as object)).toEqual(
      [...Object.keys(JSON.parse(json) as object), 'identifierHash'].sort(),
    );
  });

  it('gives the same hash whatever order the fields were set in', () => {
    const reordered = Object.fromEntries(Object.entries(sample()).reverse()) as HashedFields;
    expect(entryHash(key, prev, reordered)).toBe(entryHash(key, prev, sample()));
  });

  it('is HMAC-SHA256 of the previous hash followed by the canonical JSON', () => {
    const expected = createHmac('sha256', key)
      .update(prev + canonicalJson(sample()))
      .digest('hex');
    expect(entryHash(key, prev, sample())).toBe(expected);
  });

  it('changes when any single field changes, so no field can be edited unseen', () => {
    const base = entryHash(key, prev, sample());
    const edits: Partial<HashedFields>[] = [
      { id: '6f1c2b1e-3d4a-4f5b-8c6d-7e8f9a0b1c2e' },
      { chainId: '0e9d8c7b-6a59-4837-a261-5f4e3d2c1b0b' },
      { seq: 8 },
      { at: new Date('2026-11-24T10:15:30.124Z') },
      { actorKind: 'client' },
      { actorId: null },
      { actorRoles: ['OPERATOR', 'AUDITOR'] },
      { action: 'SUBJECT_UPDATE' },
      { subjectId: null },
      { targetId: '99999999-8888-4777-8666-555555555555' },
      { fields: ['email'] },
      { categories: ['CONTACT'] },
      { operation: 'EXPORT' },
      { purpose: 'SETTLEMENTS' },
      { reason: 'TICKET-43' },
      { outcome: 'DENIED' },
      { code: 'ACCESS_ORDER_REQUIRED' },
      { requestId: 'req-00000002' },
      { ip: '203.0.113.8' },
      { identifierHash: 'c'.repeat(64) },
    ];
    expect(edits).toHaveLength(Object.keys(sample()).length);
    const hashes = edits.map((edit) => entryHash(key, prev, { ...sample(), ...edit }));
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(edits.length);
  });

  it('links to the previous entry and depends on the key', () => {
    expect(entryHash(key, 'b'.repeat(64), sample())).not.toBe(entryHash(key, prev, sample()));
    expect(entryHash(randomBytes(32), prev, sample())).not.toBe(entryHash(key, prev, sample()));
  });

  it('derives each chain its own genesis, which cannot be made without the key', () => {
    const chain = sample().chainId;
    expect(genesisHash(key, chain)).toMatch(/^[0-9a-f]{64}$/);
    expect(genesisHash(key, chain)).toBe(genesisHash(key, chain));
    expect(genesisHash(key, chain)).not.toBe(genesisHash(key, sample().actorId!));
    expect(genesisHash(randomBytes(32), chain)).not.toBe(genesisHash(key, chain));
  });
});

describe('signed checkpoints (P11.4)', () => {
  const checkpoint = {
    id: sample().chainId,
    lastSeq: 12,
    lastHash: 'd'.repeat(64),
    checkpointedAt: new Date('2026-11-24T10:15:30.123Z'),
    sealedAt: null,
  };

  it('changes with every field, the seal included, and with the key', () => {
    const base = checkpointSignature(key, checkpoint);
    const edits = [
      { id: sample().actorId! },
      { lastSeq: 11 },
      { lastHash: 'e'.repeat(64) },
      { checkpointedAt: new Date('2026-11-24T10:15:30.124Z') },
      { sealedAt: new Date('2026-11-24T10:15:30.123Z') },
    ];
    const signatures = edits.map((edit) => checkpointSignature(key, { ...checkpoint, ...edit }));
    expect(new Set([base, ...signatures]).size).toBe(edits.length + 1);
    expect(checkpointSignature(randomBytes(32), checkpoint)).not.toBe(base);
  });

  it('compares digests exactly and refuses what is not one', () => {
    const signature = checkpointSignature(key, checkpoint);
    expect(sameDigest(signature, signature)).toBe(true);
    expect(sameDigest(null, signature)).toBe(false);
    expect(sameDigest('zz'.repeat(32), signature)).toBe(false);
    expect(sameDigest(signature.slice(0, 62), signature)).toBe(false);
  });
});

describe('what an entry stores is what it hashes', () => {
  it('keeps a reason to 200 characters, without control characters or lone surrogates', () => {
    expect(normaliseReason(undefined)).toBeNull();
    expect(normaliseReason('   ')).toBeNull();
    expect(normaliseReason(' TICKET-1\n\tline ')).toBe('TICKET-1  line');
    expect(normaliseReason('ok \uD800 end')).toBe('ok \uFFFD end');
    const long = normaliseReason('😀'.repeat(250))!;
    expect(Array.from(long)).toHaveLength(200);
    expect(long).toBe('😀'.repeat(200));
  });

  it('sorts lists and drops repeats', () => {
    expect(normaliseList(['IDENTITY', 'CONTACT', 'IDENTITY'])).toEqual(['CONTACT', 'IDENTITY']);
    expect(normaliseList(undefined)).toEqual([]);
  });
});
