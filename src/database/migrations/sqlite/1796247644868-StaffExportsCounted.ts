import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's exports and printed reports disclose PD as a read does, so the mass-read
 * rule (P16) counts them: the counter trigger now takes EXPORT entries of staff too. A
 * client's EXPORT entries are its recorded transfers, whose volume is the Billing's normal
 * business and is bounded by its grants and the transfer rules; they stay uncounted.
 */
const COUNTED = `NEW.outcome = 'ALLOWED' AND NEW.subjectId IS NOT NULL AND NEW.actorId IS NOT NULL
       AND (NEW.operation = 'READ' OR (NEW.operation = 'EXPORT' AND NEW.actorKind = 'staff'))`;

const trigger = (condition: string) =>
  `CREATE TRIGGER "audit_entries_actor_reads" AFTER INSERT ON "audit_entries"
       WHEN ${condition}
       BEGIN
         INSERT INTO "actor_reads" ("actorId", "subjectId", "lastReadAt")
         VALUES (NEW.actorId, NEW.subjectId, NEW.at)
         ON CONFLICT ("actorId", "subjectId") DO UPDATE SET "lastReadAt" = max("lastReadAt", excluded."lastReadAt");
       END`;

export class StaffExportsCounted1796247644868 implements MigrationInterface {
  name = 'StaffExportsCounted1796247644868';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entries_actor_reads"`);
    await queryRunner.query(trigger(COUNTED));
    // Exports written before this migration: counted once, as the ActorReads backfill did reads.
    await queryRunner.query(
      `INSERT INTO "actor_reads" ("actorId", "subjectId", "lastReadAt")
       SELECT actorId, subjectId, MAX(at) FROM "audit_entries"
       WHERE outcome = 'ALLOWED' AND operation = 'EXPORT' AND actorKind = 'staff'
         AND subjectId IS NOT NULL AND actorId IS NOT NULL
       GROUP BY actorId, subjectId
       ON CONFLICT ("actorId", "subjectId") DO UPDATE SET "lastReadAt" = max("lastReadAt", excluded."lastReadAt")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entries_actor_reads"`);
    await queryRunner.query(
      trigger(
        `NEW.outcome = 'ALLOWED' AND NEW.operation = 'READ' AND NEW.subjectId IS NOT NULL AND NEW.actorId IS NOT NULL`,
      ),
    );
  }
}
