import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1795541857431 implements MigrationInterface {
  name = 'AuditTrail1795541857431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_entries\` (\`id\` varchar(36) NOT NULL, \`chainId\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`at\` datetime(3) NOT NULL, \`actorKind\` varchar(10) NOT NULL, \`actorId\` varchar(36) NULL, \`actorRoles\` text NOT NULL, \`action\` varchar(40) NOT NULL, \`subjectId\` varchar(36) NULL, \`targetId\` varchar(36) NULL, \`fields\` text NOT NULL, \`categories\` text NOT NULL, \`operation\` varchar(10) NULL, \`purpose\` varchar(20) NULL, \`reason\` varchar(200) NULL, \`outcome\` varchar(10) NOT NULL, \`code\` varchar(40) NULL, \`requestId\` varchar(64) NULL, \`ip\` varchar(64) NULL, \`prevHash\` varchar(64) NOT NULL, \`hash\` varchar(64) NOT NULL, INDEX \`IDX_b12f87335630edfd1294cf349b\` (\`at\`), INDEX \`IDX_b72f0f6cbc59c6727db5609b48\` (\`targetId\`, \`at\`), INDEX \`IDX_2fc65c6453bfde00f4d6a907b3\` (\`subjectId\`, \`at\`), INDEX \`IDX_e5887d28d8d84b3bab3723640e\` (\`actorId\`, \`at\`), UNIQUE INDEX \`IDX_6b1623bcad4d04530b76548d61\` (\`id\`), PRIMARY KEY (\`chainId\`, \`seq\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_chains\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`lastSeq\` int NOT NULL, \`lastHash\` varchar(64) NOT NULL, \`checkpointedAt\` datetime(3) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`audit_chains\``);
    await queryRunner.query(`DROP INDEX \`IDX_6b1623bcad4d04530b76548d61\` ON \`audit_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_e5887d28d8d84b3bab3723640e\` ON \`audit_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_2fc65c6453bfde00f4d6a907b3\` ON \`audit_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_b72f0f6cbc59c6727db5609b48\` ON \`audit_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_b12f87335630edfd1294cf349b\` ON \`audit_entries\``);
    await queryRunner.query(`DROP TABLE \`audit_entries\``);
  }
}
