import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MediaRegister1796174589522 implements MigrationInterface {
  name = 'MediaRegister1796174589522';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`media\` (\`id\` varchar(36) NOT NULL, \`kind\` varchar(10) NOT NULL, \`makerKind\` varchar(10) NOT NULL, \`makerId\` varchar(36) NULL, \`purpose\` varchar(20) NULL, \`orderIds\` text NOT NULL, \`subjectCount\` int NOT NULL, \`subjectIds\` text NULL, \`categories\` text NOT NULL, \`sizeBytes\` bigint NOT NULL, \`sha256\` varchar(64) NOT NULL, \`encrypted\` tinyint NOT NULL, \`keyId\` varchar(64) NULL, \`destination\` varchar(500) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`destroyBy\` datetime(3) NULL, \`destroyedAt\` datetime(3) NULL, \`destroyedBy\` varchar(36) NULL, \`destructionMethod\` varchar(16) NULL, \`destructionNote\` varchar(500) NULL, INDEX \`IDX_95c2a3b07e084bdff52d8d3a2f\` (\`kind\`, \`createdAt\`), INDEX \`IDX_a7a5200ac9579dc7bd4e88fff7\` (\`destroyedAt\`, \`destroyBy\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`medium_subjects\` (\`mediumId\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, INDEX \`IDX_6d730457906d0dcd7ebfc5ff9b\` (\`subjectId\`), PRIMARY KEY (\`mediumId\`, \`subjectId\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_6d730457906d0dcd7ebfc5ff9b\` ON \`medium_subjects\``);
    await queryRunner.query(`DROP TABLE \`medium_subjects\``);
    await queryRunner.query(`DROP INDEX \`IDX_a7a5200ac9579dc7bd4e88fff7\` ON \`media\``);
    await queryRunner.query(`DROP INDEX \`IDX_95c2a3b07e084bdff52d8d3a2f\` ON \`media\``);
    await queryRunner.query(`DROP TABLE \`media\``);
  }
}
