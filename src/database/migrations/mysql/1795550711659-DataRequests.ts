import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataRequests1795550711659 implements MigrationInterface {
  name = 'DataRequests1795550711659';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`data_requests\` (\`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`type\` varchar(16) NOT NULL, \`status\` varchar(12) NOT NULL, \`channel\` varchar(12) NOT NULL, \`filedByKind\` varchar(10) NOT NULL, \`filedById\` varchar(36) NOT NULL, \`sealedBody\` text NOT NULL, \`assigneeId\` varchar(36) NULL, \`filedAt\` datetime(3) NOT NULL, \`dueAt\` datetime(3) NOT NULL, \`closedAt\` datetime(3) NULL, \`version\` int NOT NULL, \`updatedAt\` datetime(3) NOT NULL, INDEX \`IDX_eea1be32e222a4f703e17a03d1\` (\`assigneeId\`, \`status\`), INDEX \`IDX_58c475b796c5523b298e9ae380\` (\`status\`, \`dueAt\`), INDEX \`IDX_5bddd9c0421488e11862dbe2b0\` (\`subjectId\`, \`filedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`data_request_steps\` (\`id\` varchar(36) NOT NULL, \`requestId\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`status\` varchar(12) NOT NULL, \`at\` datetime(3) NOT NULL, \`actorKind\` varchar(10) NOT NULL, \`actorId\` varchar(36) NOT NULL, \`note\` text NULL, INDEX \`IDX_9a2ab8e94e3fcf457ffb8f5c74\` (\`requestId\`, \`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX \`IDX_9a2ab8e94e3fcf457ffb8f5c74\` ON \`data_request_steps\``,
    );
    await queryRunner.query(`DROP TABLE \`data_request_steps\``);
    await queryRunner.query(`DROP INDEX \`IDX_5bddd9c0421488e11862dbe2b0\` ON \`data_requests\``);
    await queryRunner.query(`DROP INDEX \`IDX_58c475b796c5523b298e9ae380\` ON \`data_requests\``);
    await queryRunner.query(`DROP INDEX \`IDX_eea1be32e222a4f703e17a03d1\` ON \`data_requests\``);
    await queryRunner.query(`DROP TABLE \`data_requests\``);
  }
}
