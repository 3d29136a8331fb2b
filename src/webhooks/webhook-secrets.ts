import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { MoreThan, Not } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { openUnderMaster, sealUnderMaster } from '../crypto/master-seal';
import { resealAll, type ResealReport } from '../crypto/reseal';
import { Transactions } from '../database/transactions';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const secretContext = (endpointId: string): string => `webhook-secret/${endpointId}`;

export type EndpointTarget = { url: string; secret: string } | { unavailable: string };

type SealedSecret = Pick<WebhookEndpoint, 'id' | 'secretSealed' | 'masterKeyId'>;

/**
 * Signing secrets: made here, shown once (in the answer that creates the endpoint or
 * rotates its secret), kept sealed under the current master key and bound to the
 * endpoint's id; moved onto a new master key by `keys:rotate`.
 */
@Injectable()
export class WebhookSecrets {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
  ) {}

  create(endpointId: string): { secret: string; secretSealed: string; masterKeyId: string } {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const { sealed, masterKeyId } = this.seal(endpointId, secret);
    return { secret, secretSealed: sealed, masterKeyId };
  }

  /** Where to send, with the secret opened; or why not (inactive or deleted, key missing). */
  async endpointFor(endpointId: string): Promise<EndpointTarget> {
    const endpoint = await this.transactions.write((db) =>
      db.findOneBy(WebhookEndpoint, { id: endpointId }),
    );
    if (!endpoint || !endpoint.active) return { unavailable: 'ENDPOINT_INACTIVE' };
    const secret = this.open(endpoint);
    if (secret === null) return { unavailable: 'KEY_UNAVAILABLE' };
    return { url: endpoint.url, secret };
  }

  /** `keys:rotate`: every secret sealed under another master key, re-sealed under the current one. */
  reseal(onProgress?: (done: number, total: number) => void): Promise<ResealReport> {
    const current = this.config.keys.currentMasterKeyId;
    const select = { id: true, secretSealed: true, masterKeyId: true } as const;
    return resealAll<SealedSecret>(
      {
        count: () =>
          this.transactions.write((db) =>
            db.countBy(WebhookEndpoint, { masterKeyId: Not(current) }),
          ),
        batch: (after, take) =>
          this.transactions.write((db) =>
            db.find(WebhookEndpoint, {
              select,
              where: { masterKeyId: Not(current), ...(after ? { id: MoreThan(after) } : {}) },
              order: { id: 'ASC' },
              take,
            }),
          ),
        reseal: async (row) => {
          const secret = this.open(row);
          if (secret === null) return 'unreadable';
          const { sealed, masterKeyId } = this.seal(row.id, secret);
          const result = await this.transactions.write((db) =>
            db.update(
              WebhookEndpoint,
              { id: row.id, masterKeyId: row.masterKeyId, secretSealed: row.secretSealed },
              { secretSealed: sealed, masterKeyId },
            ),
          );
          return result.affected === 1 ? 'resealed' : 'changed';
        },
      },
      onProgress,
    );
  }

  private seal(endpointId: string, secret: string) {
    return sealUnderMaster(
      this.config.keys,
      secretContext(endpointId),
      Buffer.from(secret, 'utf8'),
    );
  }

  private open(endpoint: SealedSecret): string | null {
    const opened = openUnderMaster(
      this.config.keys,
      { masterKeyId: endpoint.masterKeyId, sealed: endpoint.secretSealed },
      secretContext(endpoint.id),
    );
    return opened && opened.toString('utf8');
  }
}
