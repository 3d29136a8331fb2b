import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Consent } from '../src/consents/consent.entity';
import type { AppConfig } from '../src/config/app-config';
import { DataKey, seal } from '../src/crypto/envelope';
import { KeyedHash } from '../src/crypto/keyed-hash';
import { SubjectKey } from '../src/crypto/subject-key.entity';
import { wrapContext } from '../src/crypto/vault';
import type { DbConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source';
import { normalise } from '../src/pd/fields';
import { checkDigit } from '../src/pd/validation/iin';
import { Subject } from '../src/subjects/subject.entity';
import { sealAll } from '../src/subjects/subjects.service';

export interface Seeded {
  ids: string[];
  iins: string[];
}

/** A valid IIN per index: 1990-01-01 plus a serial, skipping numbers without a check digit. */
function iinFor(n: number): string {
  for (let serial = n * 2; ; serial++) {
    const base = `${String(60 + (Math.floor(serial / 10000) % 39))}0101${3}${String(serial % 10000).padStart(4, '0')}`;
    const check = checkDigit(base);
    if (check !== null) return `${base}${check}`;
  }
}

/**
 * Writes `count` registered subjects straight into the database, sealed exactly as the
 * service seals them (own data key, wrapped by the current master key; blind indexes),
 * each with a PD_PROCESSING consent under `policyVersionId`. Minutes faster than HTTP.
 */
export async function seedSubjects(
  db: DbConfig,
  config: AppConfig,
  count: number,
  policyVersionId: string,
): Promise<Seeded> {
  const dataSource = await new DataSource(dataSourceOptions(db)).initialize();
  const hash = new KeyedHash(config);
  const masterId = config.keys.currentMasterKeyId;
  const master = config.keys.masterKeys.get(masterId)!;
  const ids: string[] = [];
  const iins: string[] = [];
  const now = new Date();
  try {
    for (let start = 0; start < count; start += 1000) {
      const subjects: Subject[] = [];
      const keys: SubjectKey[] = [];
      const consents: Consent[] = [];
      for (let n = start; n < Math.min(count, start + 1000); n++) {
        const id = randomUUID();
        const dek = randomBytes(32);
        const key = new DataKey(id, dek);
        const values = {
          surname: 'Ахметова',
          givenName: 'Айгерим',
          patronymic: 'Серикқызы',
          email: `seed-${n}@example.kz`,
          phone: `+7702${String(n).padStart(7, '0')}`,
          iin: iinFor(n),
          iban: 'KZ86125KZT5004100100',
          cardNumber: '4111111111111111',
          bankName: 'Halyk Bank',
          idDocumentType: 'ID_CARD',
          idDocumentNumber: String(10_000_000 + n),
          idDocumentIssuer: 'МВД РК',
          idDocumentIssuedOn: '2020-01-31',
          idDocumentExpiresOn: '2030-01-30',
        };
        ids.push(id);
        iins.push(values.iin);
        keys.push({
          subjectId: id,
          masterKeyId: masterId,
          wrappedKey: seal(master, wrapContext(id), dek),
          createdAt: now,
        });
        subjects.push({
          id,
          sealed: sealAll(key, values),
          emailIndex: hash.digest('subject:email', normalise('email', values.email)),
          phoneIndex: hash.digest('subject:phone', values.phone),
          iinIndex: hash.digest('subject:iin', values.iin),
          passwordHash: null,
          preferredLanguage: 'ru',
          contractState: 'ACTIVE',
          contractStateAt: now,
          blockedAt: null,
          verificationStatus: 'UNVERIFIED',
          verifiedAt: null,
          depersonalizeAfter: null,
          depersonalizedAt: null,
          depersonalizationReason: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        const consentId = randomUUID();
        consents.push({
          id: consentId,
          subjectId: id,
          purpose: 'PD_PROCESSING',
          action: 'GRANTED',
          policyVersionId,
          at: now,
          channel: 'WEB',
          evidence: key.seal(
            `consent/${consentId}/evidence`,
            '{"ip":"203.0.113.7","userAgent":"seed"}',
          ),
          recordedByKind: 'client',
          recordedBy: randomUUID(),
        });
      }
      await dataSource.transaction(async (manager) => {
        await manager.insert(SubjectKey, keys);
        await manager.insert(Subject, subjects);
        await manager.insert(Consent, consents);
      });
    }
  } finally {
    await dataSource.destroy();
  }
  return { ids, iins };
}
