import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consents1795542423055 implements MigrationInterface {
  name = 'Consents1795542423055';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_a42113a273bdba31a74c3f6645"`);
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" varchar(36) PRIMARY KEY NOT NULL, "kind" varchar(32) NOT NULL, "subjectId" varchar(36) NOT NULL, "reference" varchar(36) NOT NULL, "status" varchar(10) NOT NULL, "attempts" integer NOT NULL, "nextAttemptAt" datetime(3) NOT NULL, "claimToken" varchar(36), "claimedUntil" datetime(3), "lastError" varchar(64), "createdAt" datetime(3) NOT NULL, "sentAt" datetime(3))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_30e5007974e542e1a72e684a4f" ON "outbox_messages" ("createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9000793608d0e390a7ce08043f" ON "outbox_messages" ("status", "nextAttemptAt") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9852eb3c01ba1adb23843f9a8b" ON "outbox_messages" ("kind", "reference", "subjectId") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a42113a273bdba31a74c3f6645" ON "consents" ("subjectId", "purpose", "at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_a42113a273bdba31a74c3f6645"`);
    await queryRunner.query(`DROP INDEX "IDX_9852eb3c01ba1adb23843f9a8b"`);
    await queryRunner.query(`DROP INDEX "IDX_9000793608d0e390a7ce08043f"`);
    await queryRunner.query(`DROP INDEX "IDX_30e5007974e542e1a72e684a4f"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_a42113a273bdba31a74c3f6645" ON "consents" ("subjectId", "purpose", "at") `,
    );
  }
}
