import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FourEyes1796159606274 implements MigrationInterface {
  name = 'FourEyes1796159606274';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`staff_enrolments\` (\`id\` varchar(36) NOT NULL, \`staffId\` varchar(36) NOT NULL, \`tokenDigest\` varchar(64) NOT NULL, \`issuedBy\` varchar(36) NULL, \`createdAt\` datetime(3) NOT NULL, \`expiresAt\` datetime(3) NOT NULL, \`usedAt\` datetime(3) NULL, \`revokedAt\` datetime(3) NULL, INDEX \`IDX_01dda17a696b3fb9b67d755531\` (\`staffId\`, \`createdAt\`), UNIQUE INDEX \`IDX_b9fabdba0b283a2684ebcd6fe4\` (\`tokenDigest\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`staff_role_changes\` (\`id\` varchar(36) NOT NULL, \`staffId\` varchar(36) NOT NULL, \`fromRoles\` text NOT NULL, \`roles\` text NOT NULL, \`status\` varchar(12) NOT NULL, \`proposedBy\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`decidedBy\` varchar(36) NULL, \`decidedAt\` datetime(3) NULL, INDEX \`IDX_f4f4324c760ac3eb79edea636d\` (\`status\`, \`createdAt\`), INDEX \`IDX_656071ba3479847f701572219d\` (\`staffId\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`staff_members\` ADD \`pausedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`staff_members\` ADD \`pausedBy\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`service_clients\` ADD \`pausedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`service_clients\` ADD \`pausedBy\` varchar(36) NULL`);
    await queryRunner.query(
      `ALTER TABLE \`staff_members\` CHANGE \`passwordHash\` \`passwordHash\` varchar(255) NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`staff_members\` CHANGE \`passwordHash\` \`passwordHash\` varchar(255) NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE \`service_clients\` DROP COLUMN \`pausedBy\``);
    await queryRunner.query(`ALTER TABLE \`service_clients\` DROP COLUMN \`pausedAt\``);
    await queryRunner.query(`ALTER TABLE \`staff_members\` DROP COLUMN \`pausedBy\``);
    await queryRunner.query(`ALTER TABLE \`staff_members\` DROP COLUMN \`pausedAt\``);
    await queryRunner.query(
      `DROP INDEX \`IDX_656071ba3479847f701572219d\` ON \`staff_role_changes\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_f4f4324c760ac3eb79edea636d\` ON \`staff_role_changes\``,
    );
    await queryRunner.query(`DROP TABLE \`staff_role_changes\``);
    await queryRunner.query(
      `DROP INDEX \`IDX_b9fabdba0b283a2684ebcd6fe4\` ON \`staff_enrolments\``,
    );
    await queryRunner.query(
      `DROP INDEX \`IDX_01dda17a696b3fb9b67d755531\` ON \`staff_enrolments\``,
    );
    await queryRunner.query(`DROP TABLE \`staff_enrolments\``);
  }
}
