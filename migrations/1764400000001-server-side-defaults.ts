// ThreatHunt fills statuses and timestamps in Python; huntgraph lets the database do it, so that
// rows written by either tool, or by hand, get the same values.
import type { MigrationInterface, QueryRunner } from "typeorm";

const DEFAULTS: Array<[table: string, column: string, value: string]> = [
  ["hunts", "status", "'active'"],
  ["hunts", "created_at", "now()"],
  ["hunts", "updated_at", "now()"],
  ["datasets", "created_at", "now()"],
  ["hypotheses", "status", "'draft'"],
  ["hypotheses", "created_at", "now()"],
  ["hypotheses", "updated_at", "now()"],
  ["enrichment_results", "cached_at", "now()"],
];

export class ServerSideDefaults1764400000001 implements MigrationInterface {
  name = "ServerSideDefaults1764400000001";

  async up(db: QueryRunner): Promise<void> {
    for (const [table, column, value] of DEFAULTS) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${value}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of DEFAULTS) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`);
    }
  }
}
