import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { open, seal } from '../crypto/envelope';
import { Transactions } from '../database/transactions';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const secretContext = (endpointId: string): string => `webhook-secret/${endpointId}`;

export type EndpointTarget = { url: string; secret: string } | { unavailable: string };

/**
 * Signing secrets: made here, shown once (in the answer that creates the endpoint), kept
 * sealed under the current master key and bound to the endpoint's id.
 */
@Injectable()
export class WebhookSecrets {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
  ) {}

  create(endpointId: string): { secret: string; secretSealed: string; masterKeyId: string } {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const masterKeyId = this.config.keys.currentMasterKeyId;
    const master = this.config.keys.masterKeys.get(masterKeyId)!;
    const secretSealed = seal(master, secretContext(endpointId), Buffer.from(secret, 'utf8'));
    return { secret, secretSealed, masterKeyId };
  }

  /** Where to send, with the secret opened; or why not (inactive or deleted, key missing). */
  async endpointFor(endpointId: string): Promise<EndpointTarget> {
    const endpoint = await this.transactions.write((db) =>
      db.findOneBy(WebhookEndpoint, { id: endpointId }),
    );
    if (!endpoint || !endpoint.active) return { unavailable: 'ENDPOINT_INACTIVE' };
    const master = this.config.keys.masterKeys.get(endpoint.masterKeyId);
    if (!master) return { unavailable: 'KEY_UNAVAILABLE' };
    try {
      const secret = open(master, secretContext(endpoint.id), endpoint.secretSealed);
      return { url: endpoint.url, secret: secret.toString('utf8') };
    } catch {
      return { unavailable: 'KEY_UNAVAILABLE' };
    }
  }
}
