import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLanes1796159938305 implements MigrationInterface {
  name = 'AuditLanes1796159938305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`audit_entries\` ADD \`identifierHash\` varchar(64) NULL`,
    );
    await queryRunner.query(`ALTER TABLE \`audit_chains\` ADD \`sealedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`audit_chains\` ADD \`signature\` varchar(64) NULL`);
    await queryRunner.query(
      `CREATE INDEX \`IDX_f6803d2a85c4114652ea83fe0f\` ON \`audit_chains\` (\`sealedAt\`, \`checkpointedAt\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_f6803d2a85c4114652ea83fe0f\` ON \`audit_chains\``);
    await queryRunner.query(`ALTER TABLE \`audit_chains\` DROP COLUMN \`signature\``);
    await queryRunner.query(`ALTER TABLE \`audit_chains\` DROP COLUMN \`sealedAt\``);
    await queryRunner.query(`ALTER TABLE \`audit_entries\` DROP COLUMN \`identifierHash\``);
  }
}
