// The occurrence index: one row per (dataset, column, canonical indicator value), written at ingest.
// Correlation and sightings are GROUP BYs and lookups over it and never scan dataset_rows.
import type { MigrationInterface, QueryRunner } from "typeorm";

export class IocOccurrenceIndex1764400000002 implements MigrationInterface {
  name = "IocOccurrenceIndex1764400000002";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ioc_occurrences (
        dataset_id varchar(32) NOT NULL,
        hunt_id varchar(32),
        column_name varchar(512) NOT NULL,
        ioc_type varchar(32) NOT NULL,
        value text NOT NULL,
        raw_value text NOT NULL,
        occurrences integer NOT NULL,
        first_row_index integer NOT NULL,
        first_seen timestamptz,
        last_seen timestamptz,
        CONSTRAINT ioc_occurrences_pkey PRIMARY KEY (dataset_id, column_name, ioc_type, value),
        CONSTRAINT ioc_occurrences_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_ioc_occurrences_value ON ioc_occurrences (value, ioc_type)`);
    await db.query(`CREATE INDEX ix_ioc_occurrences_hunt ON ioc_occurrences (hunt_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ioc_occurrences`);
  }
}
