import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Incidents1795551002830 implements MigrationInterface {
  name = 'Incidents1795551002830';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incidents" ("id" varchar(36) PRIMARY KEY NOT NULL, "actorKind" varchar(16) NOT NULL, "actorId" varchar(36) NOT NULL, "rule" varchar(32) NOT NULL, "description" text NOT NULL, "openedAt" datetime(3) NOT NULL, "openedBy" varchar(36), "breachNoticeDueAt" datetime(3) NOT NULL, "liftedAt" datetime(3), "liftedBy" varchar(36), "liftReason" text)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_38c513ec72923a83e498a179f4" ON "incidents" ("openedAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4a67feb92bf6313bf8d141a774" ON "incidents" ("actorId", "liftedAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_4a67feb92bf6313bf8d141a774"`);
    await queryRunner.query(`DROP INDEX "IDX_38c513ec72923a83e498a179f4"`);
    await queryRunner.query(`DROP TABLE "incidents"`);
  }
}
