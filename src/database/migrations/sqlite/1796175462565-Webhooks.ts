import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1796175462565 implements MigrationInterface {
  name = 'Webhooks1796175462565';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" varchar(36) PRIMARY KEY NOT NULL, "clientId" varchar(36) NOT NULL, "url" varchar(2048) NOT NULL, "events" text NOT NULL, "secretSealed" text NOT NULL, "masterKeyId" varchar(64) NOT NULL, "active" boolean NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2ed54bfb7bc4a01b5e323e7cd1" ON "webhook_endpoints" ("createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_aecadce9f04cae55fcf797069b" ON "webhook_endpoints" ("clientId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" varchar(36) PRIMARY KEY NOT NULL, "endpointId" varchar(36) NOT NULL, "eventId" varchar(36) NOT NULL, "eventType" varchar(40) NOT NULL, "payload" text NOT NULL, "status" varchar(10) NOT NULL, "attempts" integer NOT NULL, "nextAttemptAt" datetime(3) NOT NULL, "claimToken" varchar(36), "claimedUntil" datetime(3), "lastStatusCode" integer, "lastError" varchar(64), "createdAt" datetime(3) NOT NULL, "deliveredAt" datetime(3))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a4390e170e6735b92bba9d5511" ON "webhook_deliveries" ("endpointId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2ea65145f74113a92ac3107d54" ON "webhook_deliveries" ("status", "nextAttemptAt") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_21c506d3d732e44bc48d170d25" ON "webhook_deliveries" ("endpointId", "eventId") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_21c506d3d732e44bc48d170d25"`);
    await queryRunner.query(`DROP INDEX "IDX_2ea65145f74113a92ac3107d54"`);
    await queryRunner.query(`DROP INDEX "IDX_a4390e170e6735b92bba9d5511"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "IDX_aecadce9f04cae55fcf797069b"`);
    await queryRunner.query(`DROP INDEX "IDX_2ed54bfb7bc4a01b5e323e7cd1"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
