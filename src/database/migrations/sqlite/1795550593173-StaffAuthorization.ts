import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffAuthorization1795550593173 implements MigrationInterface {
  name = 'StaffAuthorization1795550593173';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pledge_versions" ("id" varchar(36) PRIMARY KEY NOT NULL, "text" text NOT NULL, "textHash" varchar(64) NOT NULL, "effectiveFrom" datetime(3) NOT NULL, "publishedAt" datetime(3) NOT NULL, "publishedBy" varchar(36) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_502720621ab2b6a834bc411cdf" ON "pledge_versions" ("effectiveFrom", "publishedAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "pledge_signatures" ("id" varchar(36) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "pledgeVersionId" varchar(36) NOT NULL, "typedName" varchar(200) NOT NULL, "signedAt" datetime(3) NOT NULL, "ip" varchar(64) NOT NULL, "userAgent" varchar(512))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5de342a60f49efbc534e25c644" ON "pledge_signatures" ("staffId", "pledgeVersionId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "access_orders" ("id" varchar(36) PRIMARY KEY NOT NULL, "holderKind" varchar(16) NOT NULL, "holderId" varchar(36) NOT NULL, "number" varchar(64) NOT NULL, "issuedOn" varchar(10) NOT NULL, "basis" text NOT NULL, "categories" text NOT NULL, "operations" text NOT NULL, "purposes" text NOT NULL, "validFrom" datetime(3) NOT NULL, "validUntil" datetime(3) NOT NULL, "issuedBy" varchar(36) NOT NULL, "issuedAt" datetime(3) NOT NULL, "revokedAt" datetime(3), "revokedBy" varchar(36), "revocationReason" text)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_43e58ec34053944494f5462406" ON "access_orders" ("validUntil", "validFrom") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1e4f218bd125e047e946409895" ON "access_orders" ("holderId", "validUntil") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_1e4f218bd125e047e946409895"`);
    await queryRunner.query(`DROP INDEX "IDX_43e58ec34053944494f5462406"`);
    await queryRunner.query(`DROP TABLE "access_orders"`);
    await queryRunner.query(`DROP INDEX "IDX_5de342a60f49efbc534e25c644"`);
    await queryRunner.query(`DROP TABLE "pledge_signatures"`);
    await queryRunner.query(`DROP INDEX "IDX_502720621ab2b6a834bc411cdf"`);
    await queryRunner.query(`DROP TABLE "pledge_versions"`);
  }
}
