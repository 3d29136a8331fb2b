import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DetectionIndex1795552144147 implements MigrationInterface {
  name = 'DetectionIndex1795552144147';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`IDX_7182ecb7673feadc1f0ae9fc9c\` ON \`audit_entries\` (\`actorId\`, \`outcome\`, \`operation\`, \`at\`, \`subjectId\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_7182ecb7673feadc1f0ae9fc9c\` ON \`audit_entries\``);
  }
}
