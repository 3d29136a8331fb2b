import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1796175462565 implements MigrationInterface {
  name = 'Webhooks1796175462565';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`webhook_endpoints\` (\`id\` varchar(36) NOT NULL, \`clientId\` varchar(36) NOT NULL, \`url\` varchar(2048) NOT NULL, \`events\` text NOT NULL, \`secretSealed\` text NOT NULL, \`masterKeyId\` varchar(64) NOT NULL, \`active\` tinyint NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, INDEX \`IDX_2ed54bfb7bc4a01b5e323e7cd1\` (\`createdAt\`), INDEX \`IDX_aecadce9f04cae55fcf797069b\` (\`clientId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`webhook_deliveries\` (\`id\` varchar(36) NOT NULL, \`endpointId\` varchar(36) NOT NULL, \`eventId\` varchar(36) NOT NULL, \`eventType\` varchar(40) NOT NULL, \`payload\` text NOT NULL, \`status\` varchar(10) NOT NULL, \`attempts\` int NOT NULL, \`nextAttemptAt\` datetime(3) NOT NULL, \`claimToken\` varchar(36) NULL, \`claimedUntil\` datetime(3) NULL, \`lastStatusCode\` int NULL, \`lastError\` varchar(64) NULL, \`createdAt\` datetime(3) NOT NULL, \`deliveredAt\` datetime(3) NULL, INDEX \`IDX_a4390e170e6735b92bba9d5511\` (\`endpointId\`, \`createdAt\`), INDEX \`IDX_2ea65145f74113a92ac3107d54\` (\`status\`, \`nextAttemptAt\`), UNIQUE INDEX \`IDX_21c506d3d732e44bc48d170d25\` (\`endpointId\`, \`eventId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX \`IDX_21c506d3d732e44bc48d170d25\` ON \`webhook_deliveries\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_2ea65145f74113a92ac3107d54\` ON \`webhook_deliveries\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_a4390e170e6735b92bba9d5511\` ON \`webhook_deliveries\``,
    );
    await queryRunner.query(`DROP TABLE \`webhook_deliveries\``);
    await queryRunner.query(
      `DROP INDEX \`IDX_aecadce9f04cae55fcf797069b\` ON \`webhook_endpoints\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_2ed54bfb7bc4a01b5e323e7cd1\` ON \`webhook_endpoints\``,
    );
    await queryRunner.query(`DROP TABLE \`webhook_endpoints\``);
  }
}
