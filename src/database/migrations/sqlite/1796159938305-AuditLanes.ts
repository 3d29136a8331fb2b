import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLanes1796159938305 implements MigrationInterface {
  name = 'AuditLanes1796159938305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_7182ecb7673feadc1f0ae9fc9c"`);
    await queryRunner.query(`DROP INDEX "IDX_e5887d28d8d84b3bab3723640e"`);
    await queryRunner.query(`DROP INDEX "IDX_2fc65c6453bfde00f4d6a907b3"`);
    await queryRunner.query(`DROP INDEX "IDX_b72f0f6cbc59c6727db5609b48"`);
    await queryRunner.query(`DROP INDEX "IDX_b12f87335630edfd1294cf349b"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_audit_entries" ("id" varchar(36) NOT NULL, "chainId" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" datetime(3) NOT NULL, "actorKind" varchar(10) NOT NULL, "actorId" varchar(36), "actorRoles" text NOT NULL, "action" varchar(40) NOT NULL, "subjectId" varchar(36), "targetId" varchar(36), "fields" text NOT NULL, "categories" text NOT NULL, "operation" varchar(10), "purpose" varchar(20), "reason" varchar(200), "outcome" varchar(10) NOT NULL, "code" varchar(40), "requestId" varchar(64), "ip" varchar(64), "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, "identifierHash" varchar(64), CONSTRAINT "UQ_6b1623bcad4d04530b76548d619" UNIQUE ("id"), PRIMARY KEY ("chainId", "seq"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_audit_entries"("id", "chainId", "seq", "at", "actorKind", "actorId", "actorRoles", "action", "subjectId", "targetId", "fields", "categories", "operation", "purpose", "reason", "outcome", "code", "requestId", "ip", "prevHash", "hash") SELECT "id", "chainId", "seq", "at", "actorKind", "actorId", "actorRoles", "action", "subjectId", "targetId", "fields", "categories", "operation", "purpose", "reason", "outcome", "code", "requestId", "ip", "prevHash", "hash" FROM "audit_entries"`,
    );
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`ALTER TABLE "temporary_audit_entries" RENAME TO "audit_entries"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_7182ecb7673feadc1f0ae9fc9c" ON "audit_entries" ("actorId", "outcome", "operation", "at", "subjectId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_e5887d28d8d84b3bab3723640e" ON "audit_entries" ("actorId", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2fc65c6453bfde00f4d6a907b3" ON "audit_entries" ("subjectId", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b72f0f6cbc59c6727db5609b48" ON "audit_entries" ("targetId", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b12f87335630edfd1294cf349b" ON "audit_entries" ("at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_audit_chains" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "lastSeq" integer NOT NULL, "lastHash" varchar(64) NOT NULL, "checkpointedAt" datetime(3) NOT NULL, "sealedAt" datetime(3), "signature" varchar(64))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_audit_chains"("id", "createdAt", "lastSeq", "lastHash", "checkpointedAt") SELECT "id", "createdAt", "lastSeq", "lastHash", "checkpointedAt" FROM "audit_chains"`,
    );
    await queryRunner.query(`DROP TABLE "audit_chains"`);
    await queryRunner.query(`ALTER TABLE "temporary_audit_chains" RENAME TO "audit_chains"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_f6803d2a85c4114652ea83fe0f" ON "audit_chains" ("sealedAt", "checkpointedAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_f6803d2a85c4114652ea83fe0f"`);
    await queryRunner.query(`ALTER TABLE "audit_chains" RENAME TO "temporary_audit_chains"`);
    await queryRunner.query(
      `CREATE TABLE "audit_chains" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "lastSeq" integer NOT NULL, "lastHash" varchar(64) NOT NULL, "checkpointedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "audit_chains"("id", "createdAt", "lastSeq", "lastHash", "checkpointedAt") SELECT "id", "createdAt", "lastSeq", "lastHash", "checkpointedAt" FROM "temporary_audit_chains"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_audit_chains"`);
    await queryRunner.query(`DROP INDEX "IDX_b12f87335630edfd1294cf349b"`);
    await queryRunner.query(`DROP INDEX "IDX_b72f0f6cbc59c6727db5609b48"`);
    await queryRunner.query(`DROP INDEX "IDX_2fc65c6453bfde00f4d6a907b3"`);
    await queryRunner.query(`DROP INDEX "IDX_e5887d28d8d84b3bab3723640e"`);
    await queryRunner.query(`DROP INDEX "IDX_7182ecb7673feadc1f0ae9fc9c"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" RENAME TO "temporary_audit_entries"`);
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" varchar(36) NOT NULL, "chainId" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" datetime(3) NOT NULL, "actorKind" varchar(10) NOT NULL, "actorId" varchar(36), "actorRoles" text NOT NULL, "action" varchar(40) NOT NULL, "subjectId" varchar(36), "targetId" varchar(36), "fields" text NOT NULL, "categories" text NOT NULL, "operation" varchar(10), "purpose" varchar(20), "reason" varchar(200), "outcome" varchar(10) NOT NULL, "code" varchar(40), "requestId" varchar(64), "ip" varchar(64), "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL, CONSTRAINT "UQ_6b1623bcad4d04530b76548d619" UNIQUE ("id"), PRIMARY KEY ("chainId", "seq"))`,
    );
    await queryRunner.query(
      `INSERT INTO "audit_entries"("id", "chainId", "seq", "at", "actorKind", "actorId", "actorRoles", "action", "subjectId", "targetId", "fields", "categories", "operation", "purpose", "reason", "outcome", "code", "requestId", "ip", "prevHash", "hash") SELECT "id", "chainId", "seq", "at", "actorKind", "actorId", "actorRoles", "action", "subjectId", "targetId", "fields", "categories", "operation", "purpose", "reason", "outcome", "code", "requestId", "ip", "prevHash", "hash" FROM "temporary_audit_entries"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_audit_entries"`);
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
      `CREATE INDEX "IDX_7182ecb7673feadc1f0ae9fc9c" ON "audit_entries" ("actorId", "outcome", "operation", "at", "subjectId") `,
    );
  }
}
