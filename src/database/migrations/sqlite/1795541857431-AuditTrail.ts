import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1795541857431 implements MigrationInterface {
  name = 'AuditTrail1795541857431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" varchar(36) NOT NULL, "chainId" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" datetime(3) NOT NULL, "actorKind" varchar(10) NOT NULL, "actorId" varchar(36), "actorRoles" text NOT NULL, "action" varchar(40) NOT NULL, "subjectId" varchar(36), "targetId" varchar(36), "fields" text NOT NULL, "categories" text NOT NULL, "operation" varchar(10), "purpose" varchar(20), "reason" varchar(200), "outcome" varchar(10) NOT NULL, "code" varchar(40), "requestId" varchar(64), "ip" varchar(64), "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, CONSTRAINT "UQ_6b1623bcad4d04530b76548d619" UNIQUE ("id"), PRIMARY KEY ("chainId", "seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b12f87335630edfd1294cf349b" ON "audit_entries" ("at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b72f0f6cbc59c6727db5609b48" ON "audit_entries" ("targetId", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2fc65c6453bfde00f4d6a907b3" ON "audit_entries" ("subjectId", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e5887d28d8d84b3bab3723640e" ON "audit_entries" ("actorId", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_chains" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "lastSeq" integer NOT NULL, "lastHash" varchar(64) NOT NULL, "checkpointedAt" datetime(3) NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_chains"`);
    await queryRunner.query(`DROP INDEX "IDX_e5887d28d8d84b3bab3723640e"`);
    await queryRunner.query(`DROP INDEX "IDX_2fc65c6453bfde00f4d6a907b3"`);
    await queryRunner.query(`DROP INDEX "IDX_b72f0f6cbc59c6727db5609b48"`);
    await queryRunner.query(`DROP INDEX "IDX_b12f87335630edfd1294cf349b"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}
