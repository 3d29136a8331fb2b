import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FourEyes1796159606274 implements MigrationInterface {
  name = 'FourEyes1796159606274';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_enrolments" ("id" varchar(36) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "tokenDigest" varchar(64) NOT NULL, "issuedBy" varchar(36), "createdAt" datetime(3) NOT NULL, "expiresAt" datetime(3) NOT NULL, "usedAt" datetime(3), "revokedAt" datetime(3), CONSTRAINT "UQ_b9fabdba0b283a2684ebcd6fe40" UNIQUE ("tokenDigest"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_01dda17a696b3fb9b67d755531" ON "staff_enrolments" ("staffId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_role_changes" ("id" varchar(36) PRIMARY KEY NOT NULL, "staffId" varchar(36) NOT NULL, "fromRoles" text NOT NULL, "roles" text NOT NULL, "status" varchar(12) NOT NULL, "proposedBy" varchar(36) NOT NULL, "createdAt" datetime(3) NOT NULL, "decidedBy" varchar(36), "decidedAt" datetime(3))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_f4f4324c760ac3eb79edea636d" ON "staff_role_changes" ("status", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_656071ba3479847f701572219d" ON "staff_role_changes" ("staffId", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "temporary_staff_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "fullName" varchar(200) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "pausedAt" datetime(3), "pausedBy" varchar(36), CONSTRAINT "UQ_84b814f9a703403b308835f8cc0" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff_members"("id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt") SELECT "id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt" FROM "staff_members"`,
    );
    await queryRunner.query(`DROP TABLE "staff_members"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff_members" RENAME TO "staff_members"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_service_clients" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "scopes" text NOT NULL, "secretHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "pausedAt" datetime(3), "pausedBy" varchar(36))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_service_clients"("id", "name", "scopes", "secretHash", "active", "suspendedAt", "createdAt", "updatedAt") SELECT "id", "name", "scopes", "secretHash", "active", "suspendedAt", "createdAt", "updatedAt" FROM "service_clients"`,
    );
    await queryRunner.query(`DROP TABLE "service_clients"`);
    await queryRunner.query(`ALTER TABLE "temporary_service_clients" RENAME TO "service_clients"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_staff_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "fullName" varchar(200) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255), "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "pausedAt" datetime(3), "pausedBy" varchar(36), CONSTRAINT "UQ_84b814f9a703403b308835f8cc0" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff_members"("id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt", "pausedAt", "pausedBy") SELECT "id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt", "pausedAt", "pausedBy" FROM "staff_members"`,
    );
    await queryRunner.query(`DROP TABLE "staff_members"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff_members" RENAME TO "staff_members"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_members" RENAME TO "temporary_staff_members"`);
    await queryRunner.query(
      `CREATE TABLE "staff_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "fullName" varchar(200) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "pausedAt" datetime(3), "pausedBy" varchar(36), CONSTRAINT "UQ_84b814f9a703403b308835f8cc0" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "staff_members"("id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt", "pausedAt", "pausedBy") SELECT "id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt", "pausedAt", "pausedBy" FROM "temporary_staff_members"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff_members"`);
    await queryRunner.query(`ALTER TABLE "service_clients" RENAME TO "temporary_service_clients"`);
    await queryRunner.query(
      `CREATE TABLE "service_clients" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "scopes" text NOT NULL, "secretHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "service_clients"("id", "name", "scopes", "secretHash", "active", "suspendedAt", "createdAt", "updatedAt") SELECT "id", "name", "scopes", "secretHash", "active", "suspendedAt", "createdAt", "updatedAt" FROM "temporary_service_clients"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_service_clients"`);
    await queryRunner.query(`ALTER TABLE "staff_members" RENAME TO "temporary_staff_members"`);
    await queryRunner.query(
      `CREATE TABLE "staff_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "fullName" varchar(200) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "UQ_84b814f9a703403b308835f8cc0" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "staff_members"("id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt") SELECT "id", "email", "fullName", "roles", "passwordHash", "active", "suspendedAt", "createdAt", "updatedAt" FROM "temporary_staff_members"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff_members"`);
    await queryRunner.query(`DROP INDEX "IDX_656071ba3479847f701572219d"`);
    await queryRunner.query(`DROP INDEX "IDX_f4f4324c760ac3eb79edea636d"`);
    await queryRunner.query(`DROP TABLE "staff_role_changes"`);
    await queryRunner.query(`DROP INDEX "IDX_01dda17a696b3fb9b67d755531"`);
    await queryRunner.query(`DROP TABLE "staff_enrolments"`);
  }
}
