import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The columns and the gate of the MySQL migration of the same name, so both drivers have
 * one schema. SQLite admits one writer at a time and answers in-process, so its counter
 * trigger stays as it was and detection counts after the append (`readsInWindow` stays
 * null); the columns are added in place, which keeps the table and its trigger.
 */
export class ReadsWeighedWithTheAppend1796311325636 implements MigrationInterface {
  name = 'ReadsWeighedWithTheAppend1796311325636';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "actor_read_gates" ("actorId" varchar(36) PRIMARY KEY NOT NULL, "counted" bigint NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD COLUMN "readWindow" integer`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD COLUMN "readsInWindow" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "readsInWindow"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "readWindow"`);
    await queryRunner.query(`DROP TABLE "actor_read_gates"`);
  }
}
