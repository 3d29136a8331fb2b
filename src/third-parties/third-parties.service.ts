import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditAction, AuditOutcome } from '../audit/audit-actions';
import { fieldsSet, originOf } from '../audit/audit-origin';
import { AuditTrail } from '../audit/audit-trail';
import type { RequestContext } from '../auth/request-context';
import { Clock } from '../common/clock';
import { type Page, paginate } from '../common/pagination';
import { type Tx, Transactions } from '../database/transactions';
import { AppError, notFound } from '../errors/app-error';
import { type FieldFailure, validationFailed } from '../errors/validation';
import type { Category } from '../pd/vocabulary';
import { HOME_COUNTRY } from './countries';
import { isRealDay } from './legal-day';
import type { Snapshot } from './registry-change.entity';
import { RegistryHistory } from './registry-history';
import type {
  AgreementDto,
  CreateThirdPartyDto,
  RegistryChangeView,
  ThirdPartyListQuery,
  ThirdPartyView,
  UpdateThirdPartyDto,
} from './third-parties.dto';
import { ThirdParty } from './third-party.entity';
import type { PartyFacts } from './transfer-rules';
import { RegistryKind, type ThirdPartyRole, ThirdPartyStatus } from './vocabulary';

/**
 * Written once: the transfer check reads it on every call, the party joined to its
 * country's decision as one JSON value (JSON_OBJECT on both drivers).
 */
const FACTS_ALONGSIDE = `(SELECT JSON_OBJECT('status', t.status, 'country', t.country, 'role', t.role,
    'signedOn', t.agreementSignedOn, 'validUntil', t.agreementValidUntil,
    'confidentiality', t.agreementConfidentiality, 'categories', t.categories, 'protectsPd', c.protectsPd)
  FROM third_parties t LEFT JOIN country_decisions c ON c.code = t.country WHERE t.id = ?) AS partyFacts`;

/**
 * The registry of third parties (P8, P13): who PD may go to, under which agreement, which
 * categories. Compliance officers keep it; every change keeps the values it replaced and
 * is audited in the same transaction.
 */
@Injectable()
export class ThirdPartiesService {
  constructor(
    @InjectRepository(ThirdParty) private readonly parties: Repository<ThirdParty>,
    private readonly history: RegistryHistory,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateThirdPartyDto, ctx: RequestContext): Promise<ThirdPartyView> {
    const now = this.clock.now();
    const party: ThirdParty = {
      id: randomUUID(),
      name: dto.name,
      bin: dto.bin ?? null,
      registrationNumber: dto.registrationNumber ?? null,
      country: dto.country,
      role: dto.role,
      ...agreementColumns(dto.agreement),
      categories: dto.categories,
      status: dto.status ?? ThirdPartyStatus.ACTIVE,
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: ctx.principal.id,
    };
    assertConsistent(party);
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(ThirdParty, party);
      await this.history.append(
        {
          kind: RegistryKind.THIRD_PARTY,
          entityId: party.id,
          version: 1,
          previous: null,
          fields: fieldsSet(dto),
        },
        ctx,
        tx,
      );
      await this.audit.record(this.entry(ctx, AuditAction.THIRD_PARTY_CREATE, party.id), tx);
    });
    return view(party);
  }

  async list(query: ThirdPartyListQuery): Promise<Page<ThirdPartyView>> {
    const builder = this.parties.createQueryBuilder('party');
    if (query.role) builder.andWhere('party.role = :role', { role: query.role });
    if (query.status) builder.andWhere('party.status = :status', { status: query.status });
    const page = await paginate(builder, query);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<ThirdPartyView> {
    return view(await this.find(id));
  }

  /**
   * What the transfer rules need about a party and its state, as one column to read
   * alongside the subject's standing (SubjectStandings.standingWith), so the transfer
   * check sends one statement for both; `read` gives null when the party is unknown.
   */
  factsAlongside(id: string): {
    columns: string;
    params: string[];
    read: (row: Record<string, unknown>) => PartyFacts | null;
  } {
    return {
      columns: FACTS_ALONGSIDE,
      params: [id],
      read: (row) => {
        if (row.partyFacts == null) return null;
        const facts = (
          typeof row.partyFacts === 'string' ? JSON.parse(row.partyFacts) : row.partyFacts
        ) as Record<string, unknown>;
        return {
          status: facts.status as ThirdPartyStatus,
          country: facts.country as string,
          role: facts.role as ThirdPartyRole,
          signedOn: facts.signedOn as string,
          validUntil: facts.validUntil as string,
          confidentiality: isTrue(facts.confidentiality),
          categories: (typeof facts.categories === 'string'
            ? JSON.parse(facts.categories)
            : facts.categories) as Category[],
          countryProtects: facts.country === HOME_COUNTRY || isTrue(facts.protectsPd),
        };
      },
    };
  }

  /** Names of third parties by id, for transfer lists (a missing one is left out). */
  async names(ids: readonly string[]): Promise<Map<string, Pick<ThirdParty, 'name' | 'country'>>> {
    if (ids.length === 0) return new Map();
    const rows = await this.parties
      .createQueryBuilder('party')
      .select(['party.id', 'party.name', 'party.country'])
      .where('party.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(rows.map((row) => [row.id, { name: row.name, country: row.country }]));
  }

  /** Any subset of fields; the merged record is validated as a whole (BIN or registration number by country). */
  async update(id: string, dto: UpdateThirdPartyDto, ctx: RequestContext): Promise<ThirdPartyView> {
    return this.transactions.run(async (tx) => {
      const current = await this.find(id, tx);
      const next: ThirdParty = {
        ...current,
        name: dto.name ?? current.name,
        bin: dto.bin === undefined ? current.bin : dto.bin,
        registrationNumber:
          dto.registrationNumber === undefined
            ? current.registrationNumber
            : dto.registrationNumber,
        country: dto.country ?? current.country,
        role: dto.role ?? current.role,
        ...(dto.agreement ? agreementColumns(dto.agreement) : {}),
        categories: dto.categories ?? current.categories,
        status: dto.status ?? current.status,
        version: current.version + 1,
        updatedAt: this.clock.now(),
        updatedBy: ctx.principal.id,
      };
      assertConsistent(next);
      const updated = await tx.manager.update(
        ThirdParty,
        { id, version: current.version },
        {
          ...editable(next),
          version: next.version,
          updatedAt: next.updatedAt,
          updatedBy: next.updatedBy,
        },
      );
      if (updated.affected !== 1) {
        throw new AppError(
          'CONCURRENT_CHANGE',
          'The third party was changed by another request meanwhile; retry',
        );
      }
      await this.history.append(
        {
          kind: RegistryKind.THIRD_PARTY,
          entityId: id,
          version: next.version,
          previous: snapshot(current),
          fields: fieldsSet(dto),
        },
        ctx,
        tx,
      );
      await this.audit.record(this.entry(ctx, AuditAction.THIRD_PARTY_UPDATE, id), tx);
      return view(next);
    });
  }

  async historyOf(id: string): Promise<RegistryChangeView[]> {
    await this.find(id);
    return this.history.of(RegistryKind.THIRD_PARTY, id);
  }

  private async find(id: string, tx?: Tx): Promise<ThirdParty> {
    const party = await (tx?.manager ?? this.parties.manager).findOneBy(ThirdParty, { id });
    if (!party) throw notFound('Third party');
    return party;
  }

  private entry(ctx: RequestContext, action: AuditAction, targetId: string) {
    return { ...originOf(ctx), action, outcome: AuditOutcome.ALLOWED, targetId };
  }
}

/** A boolean column from a raw query: 1 or 0 on both drivers (a Buffer never, for tinyint). */
const isTrue = (value: unknown): boolean => value === true || Number(value) === 1;

function agreementColumns(agreement: AgreementDto) {
  return {
    agreementNumber: agreement.number,
    agreementSignedOn: agreement.signedOn,
    agreementValidUntil: agreement.validUntil,
    agreementConfidentiality: agreement.confidentiality,
  };
}

/**
 * A Kazakh party is identified by its BIN, a foreign one by its registration number:
 * exactly one of them, by country. The agreement's days must be real and in order.
 */
function assertConsistent(party: ThirdParty): void {
  const failures: FieldFailure[] = [];
  const home = party.country === HOME_COUNTRY;
  if (home && !party.bin) failures.push(need('bin', 'bin is required when country is KZ'));
  if (home && party.registrationNumber)
    failures.push(need('registrationNumber', 'registrationNumber is for parties abroad; use bin'));
  if (!home && !party.registrationNumber)
    failures.push(need('registrationNumber', 'registrationNumber is required outside KZ'));
  if (!home && party.bin) failures.push(need('bin', 'bin is for parties in KZ only'));
  for (const [field, day] of [
    ['agreement.signedOn', party.agreementSignedOn],
    ['agreement.validUntil', party.agreementValidUntil],
  ] as const) {
    if (!isRealDay(day)) failures.push(need(field, `${field} must be a real calendar date`));
  }
  if (party.agreementValidUntil < party.agreementSignedOn)
    failures.push(need('agreement.validUntil', 'validUntil must not be before signedOn'));
  if (failures.length > 0) throw validationFailed(failures);
}

const need = (field: string, constraint: string): FieldFailure => ({
  field,
  constraints: [constraint],
});

/** The columns an officer edits: what a change sets and what history keeps. */
function editable(party: ThirdParty) {
  return {
    name: party.name,
    bin: party.bin,
    registrationNumber: party.registrationNumber,
    country: party.country,
    role: party.role,
    agreementNumber: party.agreementNumber,
    agreementSignedOn: party.agreementSignedOn,
    agreementValidUntil: party.agreementValidUntil,
    agreementConfidentiality: party.agreementConfidentiality,
    categories: party.categories,
    status: party.status,
  };
}

function snapshot(party: ThirdParty): Snapshot {
  return {
    ...editable(party),
    updatedBy: party.updatedBy,
    updatedAt: party.updatedAt.toISOString(),
  };
}

export function view(party: ThirdParty): ThirdPartyView {
  return {
    id: party.id,
    name: party.name,
    bin: party.bin,
    registrationNumber: party.registrationNumber,
    country: party.country,
    role: party.role,
    agreement: {
      number: party.agreementNumber,
      signedOn: party.agreementSignedOn,
      validUntil: party.agreementValidUntil,
      confidentiality: party.agreementConfidentiality,
    },
    categories: party.categories,
    status: party.status,
    version: party.version,
    createdAt: party.createdAt.toISOString(),
    updatedAt: party.updatedAt.toISOString(),
  };
}
