import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ErasureLedger1796186141983 implements MigrationInterface {
  name = 'ErasureLedger1796186141983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`erasure_ledger\` (\`seq\` int NOT NULL, \`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`reason\` varchar(40) NOT NULL, \`erasedAt\` datetime(3) NOT NULL, \`prevHash\` varchar(64) NOT NULL, \`hash\` varchar(64) NOT NULL, INDEX \`IDX_243d613174d9bfaf6ef477af46\` (\`subjectId\`), PRIMARY KEY (\`seq\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`erasure_ledger_head\` (\`name\` varchar(16) NOT NULL, \`seq\` int NOT NULL, \`hash\` varchar(64) NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`,
    );
    // The chain's one head row, empty (the first entry hashes onto the keyed genesis).
    await queryRunner.query(
      `INSERT INTO \`erasure_ledger_head\` (\`name\`, \`seq\`, \`hash\`) VALUES ('head', 0, '')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`erasure_ledger_head\``);
    await queryRunner.query(`DROP INDEX \`IDX_243d613174d9bfaf6ef477af46\` ON \`erasure_ledger\``);
    await queryRunner.query(`DROP TABLE \`erasure_ledger\``);
  }
}
