// A hypothesis always has its timestamps, as a hunt has: `Hypothesis.createdAt` was the one nullable
// creation time of the API. ThreatHunt's code sets both on every insert, but its schema lets them be
// null; a row without them (written by other means) gets the best time known: the other timestamp, else
// its hunt's creation time (a hypothesis is made within its hunt), else the time of this migration.
// The rows filled in are remembered, so that reverting gives them back their nulls: reverting huntgraph
// leaves ThreatHunt's rows as they were.
import type { MigrationInterface, QueryRunner } from "typeorm";

const FILLED = "huntgraph_filled_hypothesis_times";

export class HypothesisTimestamps1764400000011 implements MigrationInterface {
  name = "HypothesisTimestamps1764400000011";

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE ${FILLED} (id varchar(32) PRIMARY KEY, created_at_was_null boolean NOT NULL, updated_at_was_null boolean NOT NULL)`,
    );
    await db.query(`
      INSERT INTO ${FILLED} SELECT id, created_at IS NULL, updated_at IS NULL FROM hypotheses
      WHERE created_at IS NULL OR updated_at IS NULL`);
    await db.query(`
      UPDATE hypotheses h SET
        created_at = coalesce(h.created_at, h.updated_at, (SELECT created_at FROM hunts WHERE id = h.hunt_id), now()),
        updated_at = coalesce(h.updated_at, h.created_at, (SELECT created_at FROM hunts WHERE id = h.hunt_id), now())
      FROM ${FILLED} f WHERE f.id = h.id`);
    // the update queued the data version's deferred trigger: ALTER TABLE needs it fired first
    await db.query(`SET CONSTRAINTS ALL IMMEDIATE`);
    await db.query(`ALTER TABLE hypotheses ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN updated_at SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE hypotheses ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN updated_at DROP NOT NULL`);
    await db.query(`
      UPDATE hypotheses h SET
        created_at = CASE WHEN f.created_at_was_null THEN NULL ELSE h.created_at END,
        updated_at = CASE WHEN f.updated_at_was_null THEN NULL ELSE h.updated_at END
      FROM ${FILLED} f WHERE f.id = h.id`);
    await db.query(`DROP TABLE ${FILLED}`);
  }
}
