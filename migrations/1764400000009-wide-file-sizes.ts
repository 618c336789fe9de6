// Files over 2 GiB: datasets.file_size_bytes, ThreatHunt's 32-bit integer, becomes a bigint. ThreatHunt's
// code reads it unchanged (SQLAlchemy's Integer takes any integer PostgreSQL returns).
import type { MigrationInterface, QueryRunner } from "typeorm";

export class WideFileSizes1764400000009 implements MigrationInterface {
  name = "WideFileSizes1764400000009";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE datasets ALTER COLUMN file_size_bytes TYPE bigint`);
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ over }] = await db.query(`SELECT count(*)::int AS over FROM datasets WHERE file_size_bytes > 2147483647`);
    if (over > 0) {
      throw new Error(
        `${over} datasets are over 2 GiB, which a 32-bit file_size_bytes cannot hold: delete them before reverting this migration`,
      );
    }
    await db.query(`ALTER TABLE datasets ALTER COLUMN file_size_bytes TYPE integer`);
  }
}
