import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795539625649 implements MigrationInterface {
  name = 'Foundation1795539625649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_members" ("id" varchar(36) PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "fullName" varchar(200) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "UQ_84b814f9a703403b308835f8cc0" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "job_locks" ("name" varchar(64) PRIMARY KEY NOT NULL, "holder" varchar(36) NOT NULL, "lockedUntil" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" varchar(36) PRIMARY KEY NOT NULL, "principalKind" varchar(10) NOT NULL, "principalId" varchar(36) NOT NULL, "createdAt" datetime(3) NOT NULL, "expiresAt" datetime(3) NOT NULL, "revokedAt" datetime(3))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4d5b325649caf1628a6e2e2be1" ON "auth_sessions" ("expiresAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_678955d077c152790fafd06100" ON "auth_sessions" ("principalKind", "principalId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("id" varchar(36) PRIMARY KEY NOT NULL, "accountKey" varchar(64) NOT NULL, "ipKey" varchar(64) NOT NULL, "at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2fcb444ebea871aa360cb7a06d" ON "login_failures" ("ipKey", "at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0defa1200c9474a42e6000d3ca" ON "login_failures" ("accountKey", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "service_clients" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "scopes" text NOT NULL, "secretHash" varchar(255) NOT NULL, "active" boolean NOT NULL, "suspendedAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "service_clients"`);
    await queryRunner.query(`DROP INDEX "IDX_0defa1200c9474a42e6000d3ca"`);
    await queryRunner.query(`DROP INDEX "IDX_2fcb444ebea871aa360cb7a06d"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
    await queryRunner.query(`DROP INDEX "IDX_678955d077c152790fafd06100"`);
    await queryRunner.query(`DROP INDEX "IDX_4d5b325649caf1628a6e2e2be1"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
    await queryRunner.query(`DROP TABLE "job_locks"`);
    await queryRunner.query(`DROP TABLE "staff_members"`);
  }
}
