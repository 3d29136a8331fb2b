import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1796173150782 implements MigrationInterface {
  name = 'IdempotencyKeys1796173150782';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`idempotency_keys\` (\`id\` varchar(36) NOT NULL, \`principalKind\` varchar(10) NOT NULL, \`principalId\` varchar(36) NOT NULL, \`keyHash\` varchar(64) NOT NULL, \`fingerprint\` varchar(64) NOT NULL, \`status\` varchar(12) NOT NULL, \`claimToken\` varchar(36) NOT NULL, \`lockedUntil\` datetime(3) NOT NULL, \`workCommitted\` tinyint NOT NULL DEFAULT 0, \`responseStatus\` int NULL, \`responseSealed\` text NULL, \`masterKeyId\` varchar(64) NULL, \`createdAt\` datetime(3) NOT NULL, \`expiresAt\` datetime(3) NOT NULL, INDEX \`IDX_69cdd42dc83e6208402de6acef\` (\`expiresAt\`), UNIQUE INDEX \`IDX_21c3b8ebd815e234d78e6ee824\` (\`principalKind\`, \`principalId\`, \`keyHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX \`IDX_21c3b8ebd815e234d78e6ee824\` ON \`idempotency_keys\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_69cdd42dc83e6208402de6acef\` ON \`idempotency_keys\``,
    );
    await queryRunner.query(`DROP TABLE \`idempotency_keys\``);
  }
}
