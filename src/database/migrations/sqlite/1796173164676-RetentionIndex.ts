import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RetentionIndex1796173164676 implements MigrationInterface {
  name = 'RetentionIndex1796173164676';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_564240a8080e14519adeeed0ec" ON "subjects" ("depersonalizeAfter") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_564240a8080e14519adeeed0ec"`);
  }
}
