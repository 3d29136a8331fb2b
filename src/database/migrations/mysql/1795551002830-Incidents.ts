import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Incidents1795551002830 implements MigrationInterface {
  name = 'Incidents1795551002830';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`incidents\` (\`id\` varchar(36) NOT NULL, \`actorKind\` varchar(16) NOT NULL, \`actorId\` varchar(36) NOT NULL, \`rule\` varchar(32) NOT NULL, \`description\` text NOT NULL, \`openedAt\` datetime(3) NOT NULL, \`openedBy\` varchar(36) NULL, \`breachNoticeDueAt\` datetime(3) NOT NULL, \`liftedAt\` datetime(3) NULL, \`liftedBy\` varchar(36) NULL, \`liftReason\` text NULL, INDEX \`IDX_38c513ec72923a83e498a179f4\` (\`openedAt\`), INDEX \`IDX_4a67feb92bf6313bf8d141a774\` (\`actorId\`, \`liftedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_4a67feb92bf6313bf8d141a774\` ON \`incidents\``);
    await queryRunner.query(`DROP INDEX \`IDX_38c513ec72923a83e498a179f4\` ON \`incidents\``);
    await queryRunner.query(`DROP TABLE \`incidents\``);
  }
}
