import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActorReads1796220421416 implements MigrationInterface {
  name = 'ActorReads1796220421416';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "actor_reads" ("actorId" varchar(36) NOT NULL, "subjectId" varchar(36) NOT NULL, "lastReadAt" datetime(3) NOT NULL, PRIMARY KEY ("actorId", "subjectId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_22f287b2051a2b45327afdfe84" ON "actor_reads" ("actorId", "lastReadAt") `,
    );
    // The counter is kept by the database in the statement that appends the entry (P16):
    // no code path, instance or restore can write a read without counting it.
    await queryRunner.query(
      `CREATE TRIGGER "audit_entries_actor_reads" AFTER INSERT ON "audit_entries"
       WHEN NEW.outcome = 'ALLOWED' AND NEW.operation = 'READ' AND NEW.subjectId IS NOT NULL AND NEW.actorId IS NOT NULL
       BEGIN
         INSERT INTO "actor_reads" ("actorId", "subjectId", "lastReadAt")
         VALUES (NEW.actorId, NEW.subjectId, NEW.at)
         ON CONFLICT ("actorId", "subjectId") DO UPDATE SET "lastReadAt" = max("lastReadAt", excluded."lastReadAt");
       END`,
    );
    // Entries written before this migration: the same counter, computed once.
    await queryRunner.query(
      `INSERT INTO "actor_reads" ("actorId", "subjectId", "lastReadAt")
       SELECT actorId, subjectId, MAX(at) FROM "audit_entries"
       WHERE outcome = 'ALLOWED' AND operation = 'READ' AND subjectId IS NOT NULL AND actorId IS NOT NULL
       GROUP BY actorId, subjectId`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entries_actor_reads"`);
    await queryRunner.query(`DROP INDEX "IDX_22f287b2051a2b45327afdfe84"`);
    await queryRunner.query(`DROP TABLE "actor_reads"`);
  }
}
