import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1795540788911 implements MigrationInterface {
  name = 'Users1795540788911';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`visits\` (\`id\` varchar(36) NOT NULL, \`visitedAt\` datetime(3) NOT NULL, \`ipHash\` varchar(64) NOT NULL, \`cookieHash\` varchar(64) NOT NULL, \`userAgent\` varchar(512) NOT NULL, \`pageUrl\` varchar(2048) NOT NULL, \`ispDomain\` varchar(255) NULL, \`subjectId\` varchar(36) NULL, \`receivedAt\` datetime(3) NOT NULL, INDEX \`IDX_313dcf40150bd234fc037c0d35\` (\`visitedAt\`), INDEX \`IDX_341b09e19d4f9d2b815a4b6931\` (\`cookieHash\`), INDEX \`IDX_7023e049ed9f91723df01f22e8\` (\`subjectId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`subject_changes\` (\`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`field\` varchar(32) NOT NULL, \`oldValue\` text NULL, \`changedAt\` datetime(3) NOT NULL, \`actorKind\` varchar(10) NOT NULL, \`actorId\` varchar(36) NOT NULL, \`channel\` varchar(16) NOT NULL, \`requestId\` varchar(64) NOT NULL, INDEX \`IDX_21e27af8ab284701c0d97a1d1a\` (\`subjectId\`, \`changedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`contract_state_changes\` (\`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`state\` varchar(24) NOT NULL, \`effectiveAt\` datetime(3) NOT NULL, \`recordedAt\` datetime(3) NOT NULL, \`reportedBy\` varchar(36) NOT NULL, INDEX \`IDX_2b85e7c9669c4d6e0490fbf47e\` (\`subjectId\`, \`effectiveAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`subject_keys\` (\`subjectId\` varchar(36) NOT NULL, \`masterKeyId\` varchar(32) NOT NULL, \`wrappedKey\` varchar(128) NOT NULL, \`createdAt\` datetime(3) NOT NULL, PRIMARY KEY (\`subjectId\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`policy_versions\` (\`id\` varchar(36) NOT NULL, \`label\` varchar(64) NOT NULL, \`text\` text NOT NULL, \`textKk\` text NULL, \`textEn\` text NULL, \`textHash\` varchar(64) NOT NULL, \`effectiveAt\` datetime(3) NOT NULL, \`significant\` tinyint NOT NULL, \`publishedAt\` datetime(3) NOT NULL, \`publishedBy\` varchar(36) NOT NULL, INDEX \`IDX_511f118af5018fe09ee0d79f9e\` (\`effectiveAt\`, \`publishedAt\`), UNIQUE INDEX \`IDX_8c3e381c7fda36c401ffb37784\` (\`label\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`subjects\` (\`id\` varchar(36) NOT NULL, \`sealed\` text NOT NULL, \`emailIndex\` varchar(64) NULL, \`phoneIndex\` varchar(64) NULL, \`iinIndex\` varchar(64) NULL, \`passwordHash\` varchar(255) NULL, \`preferredLanguage\` varchar(2) NOT NULL, \`contractState\` varchar(24) NULL, \`contractStateAt\` datetime(3) NULL, \`blockedAt\` datetime(3) NULL, \`verificationStatus\` varchar(12) NOT NULL, \`verifiedAt\` datetime(3) NULL, \`depersonalizeAfter\` datetime(3) NULL, \`depersonalizedAt\` datetime(3) NULL, \`depersonalizationReason\` varchar(200) NULL, \`version\` int NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`IDX_4c6cc803091ab409612f6b6ee6\` (\`emailIndex\`), UNIQUE INDEX \`IDX_5a74637afbe455b958fa824c71\` (\`phoneIndex\`), UNIQUE INDEX \`IDX_bba5f1a58b65ee88941afbf671\` (\`iinIndex\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`consents\` (\`id\` varchar(36) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`purpose\` varchar(32) NOT NULL, \`action\` varchar(12) NOT NULL, \`policyVersionId\` varchar(36) NOT NULL, \`at\` datetime(3) NOT NULL, \`channel\` varchar(16) NOT NULL, \`evidence\` text NULL, \`recordedByKind\` varchar(10) NOT NULL, \`recordedBy\` varchar(36) NOT NULL, INDEX \`IDX_a42113a273bdba31a74c3f6645\` (\`subjectId\`, \`purpose\`, \`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_a42113a273bdba31a74c3f6645\` ON \`consents\``);
    await queryRunner.query(`DROP TABLE \`consents\``);
    await queryRunner.query(`DROP INDEX \`IDX_bba5f1a58b65ee88941afbf671\` ON \`subjects\``);
    await queryRunner.query(`DROP INDEX \`IDX_5a74637afbe455b958fa824c71\` ON \`subjects\``);
    await queryRunner.query(`DROP INDEX \`IDX_4c6cc803091ab409612f6b6ee6\` ON \`subjects\``);
    await queryRunner.query(`DROP TABLE \`subjects\``);
    await queryRunner.query(`DROP INDEX \`IDX_8c3e381c7fda36c401ffb37784\` ON \`policy_versions\``);
    await queryRunner.query(`DROP INDEX \`IDX_511f118af5018fe09ee0d79f9e\` ON \`policy_versions\``);
    await queryRunner.query(`DROP TABLE \`policy_versions\``);
    await queryRunner.query(`DROP TABLE \`subject_keys\``);
    await queryRunner.query(
      `DROP INDEX \`IDX_2b85e7c9669c4d6e0490fbf47e\` ON \`contract_state_changes\``,
    );
    await queryRunner.query(`DROP TABLE \`contract_state_changes\``);
    await queryRunner.query(`DROP INDEX \`IDX_21e27af8ab284701c0d97a1d1a\` ON \`subject_changes\``);
    await queryRunner.query(`DROP TABLE \`subject_changes\``);
    await queryRunner.query(`DROP INDEX \`IDX_7023e049ed9f91723df01f22e8\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`IDX_341b09e19d4f9d2b815a4b6931\` ON \`visits\``);
    await queryRunner.query(`DROP INDEX \`IDX_313dcf40150bd234fc037c0d35\` ON \`visits\``);
    await queryRunner.query(`DROP TABLE \`visits\``);
  }
}
