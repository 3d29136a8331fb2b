import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the counter counts (the StaffExportsCounted migration): unchanged. */
const COUNTED = `NEW.outcome = 'ALLOWED' AND NEW.subjectId IS NOT NULL AND NEW.actorId IS NOT NULL
       AND (NEW.operation = 'READ' OR (NEW.operation = 'EXPORT' AND NEW.actorKind = 'staff'))`;
/** An entry the trail appends (it gives the window) and nobody has weighed yet (a restore's has). */
const WEIGHED_HERE = 'NEW.readWindow IS NOT NULL AND NEW.readsInWindow IS NULL';

/**
 * The mass-read rule (P16) is weighed in the statement that appends the entry, so a
 * guarded read sends no count of its own: the counter trigger runs before the row is
 * written and sets `readsInWindow`, which the INSERT returns (`RETURNING`).
 *
 * Exact under concurrent reads of one actor, on any lane, instance or Galera node: the
 * trigger first takes the actor's gate row (a real change, so Galera certifies it and one
 * of two conflicting commits is retried), then counts with a locking read, which sees
 * the latest committed rows rather than the statement's snapshot. So of two raced
 * appends the later one counts the earlier's read, as the count after the commit did.
 * The trail writes a group commit's rows in actor order, so two batches take their
 * gates in the same order.
 */
const TRIGGER = `CREATE TRIGGER \`audit_entries_actor_reads\` BEFORE INSERT ON \`audit_entries\` FOR EACH ROW
   BEGIN
     IF ${COUNTED} THEN
       IF ${WEIGHED_HERE} THEN
         INSERT INTO \`actor_read_gates\` (\`actorId\`, \`counted\`) VALUES (NEW.actorId, 1)
         ON DUPLICATE KEY UPDATE \`counted\` = \`counted\` + 1;
       END IF;
       INSERT INTO \`actor_reads\` (\`actorId\`, \`subjectId\`, \`lastReadAt\`)
       VALUES (NEW.actorId, NEW.subjectId, NEW.at)
       ON DUPLICATE KEY UPDATE \`lastReadAt\` = GREATEST(\`lastReadAt\`, VALUES(\`lastReadAt\`));
       IF ${WEIGHED_HERE} THEN
         SET NEW.readsInWindow = (SELECT COUNT(*) FROM \`actor_reads\`
           WHERE \`actorId\` = NEW.actorId AND \`lastReadAt\` >= NEW.at - INTERVAL NEW.readWindow SECOND
           LOCK IN SHARE MODE);
       END IF;
     END IF;
   END`;

const PREVIOUS = `CREATE TRIGGER \`audit_entries_actor_reads\` AFTER INSERT ON \`audit_entries\` FOR EACH ROW
       INSERT INTO \`actor_reads\` (\`actorId\`, \`subjectId\`, \`lastReadAt\`)
       SELECT NEW.actorId, NEW.subjectId, NEW.at FROM DUAL
       WHERE ${COUNTED}
       ON DUPLICATE KEY UPDATE \`lastReadAt\` = GREATEST(\`lastReadAt\`, VALUES(\`lastReadAt\`))`;

export class ReadsWeighedWithTheAppend1796311325636 implements MigrationInterface {
  name = 'ReadsWeighedWithTheAppend1796311325636';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`actor_read_gates\` (\`actorId\` varchar(36) NOT NULL, \`counted\` bigint NOT NULL DEFAULT '0', PRIMARY KEY (\`actorId\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`audit_entries\` ADD \`readWindow\` int NULL`);
    await queryRunner.query(`ALTER TABLE \`audit_entries\` ADD \`readsInWindow\` int NULL`);
    await queryRunner.query(`DROP TRIGGER \`audit_entries_actor_reads\``);
    await queryRunner.query(TRIGGER);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER \`audit_entries_actor_reads\``);
    await queryRunner.query(PREVIOUS);
    await queryRunner.query(`ALTER TABLE \`audit_entries\` DROP COLUMN \`readsInWindow\``);
    await queryRunner.query(`ALTER TABLE \`audit_entries\` DROP COLUMN \`readWindow\``);
    await queryRunner.query(`DROP TABLE \`actor_read_gates\``);
  }
}
