import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MediaRegister1796174589522 implements MigrationInterface {
  name = 'MediaRegister1796174589522';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "media" ("id" varchar(36) PRIMARY KEY NOT NULL, "kind" varchar(10) NOT NULL, "makerKind" varchar(10) NOT NULL, "makerId" varchar(36), "purpose" varchar(20), "orderIds" text NOT NULL, "subjectCount" integer NOT NULL, "subjectIds" text, "categories" text NOT NULL, "sizeBytes" bigint NOT NULL, "sha256" varchar(64) NOT NULL, "encrypted" boolean NOT NULL, "keyId" varchar(64), "destination" varchar(500) NOT NULL, "createdAt" datetime(3) NOT NULL, "destroyBy" datetime(3), "destroyedAt" datetime(3), "destroyedBy" varchar(36), "destructionMethod" varchar(16), "destructionNote" varchar(500))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_95c2a3b07e084bdff52d8d3a2f" ON "media" ("kind", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a7a5200ac9579dc7bd4e88fff7" ON "media" ("destroyedAt", "destroyBy") `,
    );
    await queryRunner.query(
      `CREATE TABLE "medium_subjects" ("mediumId" varchar(36) NOT NULL, "subjectId" varchar(36) NOT NULL, PRIMARY KEY ("mediumId", "subjectId"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6d730457906d0dcd7ebfc5ff9b" ON "medium_subjects" ("subjectId") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_6d730457906d0dcd7ebfc5ff9b"`);
    await queryRunner.query(`DROP TABLE "medium_subjects"`);
    await queryRunner.query(`DROP INDEX "IDX_a7a5200ac9579dc7bd4e88fff7"`);
    await queryRunner.query(`DROP INDEX "IDX_95c2a3b07e084bdff52d8d3a2f"`);
    await queryRunner.query(`DROP TABLE "media"`);
  }
}
