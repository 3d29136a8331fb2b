import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1795540788911 implements MigrationInterface {
  name = 'Users1795540788911';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "visits" ("id" varchar(36) PRIMARY KEY NOT NULL, "visitedAt" datetime(3) NOT NULL, "ipHash" varchar(64) NOT NULL, "cookieHash" varchar(64) NOT NULL, "userAgent" varchar(512) NOT NULL, "pageUrl" varchar(2048) NOT NULL, "ispDomain" varchar(255), "subjectId" varchar(36), "receivedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_313dcf40150bd234fc037c0d35" ON "visits" ("visitedAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_341b09e19d4f9d2b815a4b6931" ON "visits" ("cookieHash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7023e049ed9f91723df01f22e8" ON "visits" ("subjectId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "subject_changes" ("id" varchar(36) PRIMARY KEY NOT NULL, "subjectId" varchar(36) NOT NULL, "field" varchar(32) NOT NULL, "oldValue" text, "changedAt" datetime(3) NOT NULL, "actorKind" varchar(10) NOT NULL, "actorId" varchar(36) NOT NULL, "channel" varchar(16) NOT NULL, "requestId" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_21e27af8ab284701c0d97a1d1a" ON "subject_changes" ("subjectId", "changedAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contract_state_changes" ("id" varchar(36) PRIMARY KEY NOT NULL, "subjectId" varchar(36) NOT NULL, "state" varchar(24) NOT NULL, "effectiveAt" datetime(3) NOT NULL, "recordedAt" datetime(3) NOT NULL, "reportedBy" varchar(36) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2b85e7c9669c4d6e0490fbf47e" ON "contract_state_changes" ("subjectId", "effectiveAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "subject_keys" ("subjectId" varchar(36) PRIMARY KEY NOT NULL, "masterKeyId" varchar(32) NOT NULL, "wrappedKey" varchar(128) NOT NULL, "createdAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "policy_versions" ("id" varchar(36) PRIMARY KEY NOT NULL, "label" varchar(64) NOT NULL, "text" text NOT NULL, "textKk" text, "textEn" text, "textHash" varchar(64) NOT NULL, "effectiveAt" datetime(3) NOT NULL, "significant" boolean NOT NULL, "publishedAt" datetime(3) NOT NULL, "publishedBy" varchar(36) NOT NULL, CONSTRAINT "UQ_8c3e381c7fda36c401ffb377841" UNIQUE ("label"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_511f118af5018fe09ee0d79f9e" ON "policy_versions" ("effectiveAt", "publishedAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "subjects" ("id" varchar(36) PRIMARY KEY NOT NULL, "sealed" text NOT NULL, "emailIndex" varchar(64), "phoneIndex" varchar(64), "iinIndex" varchar(64), "passwordHash" varchar(255), "preferredLanguage" varchar(2) NOT NULL, "contractState" varchar(24), "contractStateAt" datetime(3), "blockedAt" datetime(3), "verificationStatus" varchar(12) NOT NULL, "verifiedAt" datetime(3), "depersonalizeAfter" datetime(3), "depersonalizedAt" datetime(3), "depersonalizationReason" varchar(200), "version" integer NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "UQ_4c6cc803091ab409612f6b6ee67" UNIQUE ("emailIndex"), CONSTRAINT "UQ_5a74637afbe455b958fa824c714" UNIQUE ("phoneIndex"), CONSTRAINT "UQ_bba5f1a58b65ee88941afbf6717" UNIQUE ("iinIndex"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "consents" ("id" varchar(36) PRIMARY KEY NOT NULL, "subjectId" varchar(36) NOT NULL, "purpose" varchar(32) NOT NULL, "action" varchar(12) NOT NULL, "policyVersionId" varchar(36) NOT NULL, "at" datetime(3) NOT NULL, "channel" varchar(16) NOT NULL, "evidence" text, "recordedByKind" varchar(10) NOT NULL, "recordedBy" varchar(36) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a42113a273bdba31a74c3f6645" ON "consents" ("subjectId", "purpose", "at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_a42113a273bdba31a74c3f6645"`);
    await queryRunner.query(`DROP TABLE "consents"`);
    await queryRunner.query(`DROP TABLE "subjects"`);
    await queryRunner.query(`DROP INDEX "IDX_511f118af5018fe09ee0d79f9e"`);
    await queryRunner.query(`DROP TABLE "policy_versions"`);
    await queryRunner.query(`DROP TABLE "subject_keys"`);
    await queryRunner.query(`DROP INDEX "IDX_2b85e7c9669c4d6e0490fbf47e"`);
    await queryRunner.query(`DROP TABLE "contract_state_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_21e27af8ab284701c0d97a1d1a"`);
    await queryRunner.query(`DROP TABLE "subject_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_7023e049ed9f91723df01f22e8"`);
    await queryRunner.query(`DROP INDEX "IDX_341b09e19d4f9d2b815a4b6931"`);
    await queryRunner.query(`DROP INDEX "IDX_313dcf40150bd234fc037c0d35"`);
    await queryRunner.query(`DROP TABLE "visits"`);
  }
}
