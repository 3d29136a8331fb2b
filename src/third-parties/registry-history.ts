import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import type { Tx } from '../database/transactions';
import type { RegistryChangeView } from './third-parties.dto';
import { RegistryChange, type Snapshot } from './registry-change.entity';
import type { RegistryKind } from './vocabulary';

export interface RegistryEdit {
  kind: RegistryKind;
  entityId: string;
  version: number;
  previous: Snapshot | null;
  fields: string[];
}

/** The registry's history (third parties and country decisions): appended, never rewritten. */
@Injectable()
export class RegistryHistory {
  constructor(
    @InjectRepository(RegistryChange) private readonly changes: Repository<RegistryChange>,
    private readonly clock: Clock,
  ) {}

  async append(edit: RegistryEdit, ctx: RequestContext, tx: Tx): Promise<void> {
    const row: RegistryChange = {
      id: randomUUID(),
      ...edit,
      fields: [...edit.fields].sort(),
      changedAt: this.clock.now(),
      actorKind: ctx.principal.kind,
      actorId: ctx.principal.id,
      requestId: ctx.requestId.slice(0, 64),
    };
    await tx.manager.insert(RegistryChange, row);
  }

  /** Oldest first, so the story reads in order. */
  async of(kind: RegistryKind, entityId: string): Promise<RegistryChangeView[]> {
    const rows = await this.changes.find({
      where: { kind, entityId },
      order: { version: 'ASC' },
    });
    return rows.map((row) => ({
      version: row.version,
      fields: row.fields,
      previous: row.previous,
      changedAt: row.changedAt.toISOString(),
      changedBy: { kind: row.actorKind, id: row.actorId },
    }));
  }
}
