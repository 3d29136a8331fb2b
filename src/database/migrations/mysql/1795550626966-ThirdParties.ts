import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ThirdParties1795550626966 implements MigrationInterface {
  name = 'ThirdParties1795550626966';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`transfers\` (\`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`thirdPartyId\` varchar(36) NOT NULL, \`categories\` text NOT NULL, \`purpose\` varchar(24) NOT NULL, \`legalBasis\` varchar(12) NOT NULL, \`lawReference\` varchar(300) NULL, \`verificationResult\` varchar(12) NULL, \`fieldsChecked\` text NULL, \`actorKind\` varchar(12) NOT NULL, \`actorId\` varchar(36) NOT NULL, \`requestId\` varchar(64) NULL, \`at\` datetime(3) NOT NULL, INDEX \`IDX_0406ed28bed3130970d945d6e8\` (\`thirdPartyId\`, \`at\`), INDEX \`IDX_601a648b1de80f1e6e15c2537a\` (\`subjectId\`, \`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`third_parties\` (\`id\` varchar(36) NOT NULL, \`name\` varchar(200) NOT NULL, \`bin\` varchar(12) NULL, \`registrationNumber\` varchar(64) NULL, \`country\` varchar(2) NOT NULL, \`role\` varchar(20) NOT NULL, \`agreementNumber\` varchar(64) NOT NULL, \`agreementSignedOn\` varchar(10) NOT NULL, \`agreementValidUntil\` varchar(10) NOT NULL, \`agreementConfidentiality\` tinyint NOT NULL, \`categories\` text NOT NULL, \`status\` varchar(12) NOT NULL, \`version\` int NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`updatedBy\` varchar(36) NOT NULL, INDEX \`IDX_2523bd1202addc0e89b4e44136\` (\`createdAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`third_party_registry_changes\` (\`id\` varchar(36) NOT NULL, \`kind\` varchar(12) NOT NULL, \`entityId\` varchar(36) NOT NULL, \`version\` int NOT NULL, \`previous\` text NULL, \`fields\` text NOT NULL, \`changedAt\` datetime(3) NOT NULL, \`actorKind\` varchar(12) NOT NULL, \`actorId\` varchar(36) NOT NULL, \`requestId\` varchar(64) NULL, INDEX \`IDX_4083db07f10bde034ae376da9f\` (\`entityId\`, \`changedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`country_decisions\` (\`code\` varchar(2) NOT NULL, \`protectsPd\` tinyint NOT NULL, \`reason\` varchar(500) NOT NULL, \`decidedOn\` varchar(10) NOT NULL, \`version\` int NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`updatedBy\` varchar(36) NOT NULL, PRIMARY KEY (\`code\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`country_decisions\``);
    await queryRunner.query(
      `DROP INDEX \`IDX_4083db07f10bde034ae376da9f\` ON \`third_party_registry_changes\``,
    );
    await queryRunner.query(`DROP TABLE \`third_party_registry_changes\``);
    await queryRunner.query(`DROP INDEX \`IDX_2523bd1202addc0e89b4e44136\` ON \`third_parties\``);
    await queryRunner.query(`DROP TABLE \`third_parties\``);
    await queryRunner.query(`DROP INDEX \`IDX_601a648b1de80f1e6e15c2537a\` ON \`transfers\``);
    await queryRunner.query(`DROP INDEX \`IDX_0406ed28bed3130970d945d6e8\` ON \`transfers\``);
    await queryRunner.query(`DROP TABLE \`transfers\``);
  }
}
