// Each dataset's SHA-256, so that importing the same file into a hunt again is noticed. Datasets imported
// before this have none (ThreatHunt's, too): a column it never reads.
import type { MigrationInterface, QueryRunner } from "typeorm";

export class ContentHash1764400000010 implements MigrationInterface {
  name = "ContentHash1764400000010";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE datasets ADD COLUMN content_sha256 char(64)`);
    await db.query(`CREATE INDEX ix_datasets_hunt_content ON datasets (hunt_id, content_sha256) WHERE content_sha256 IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_datasets_hunt_content`);
    await db.query(`ALTER TABLE datasets DROP COLUMN content_sha256`);
  }
}
