// A data version: a number that grows with every committed change to what correlation reads, whoever
// makes it (huntgraph, ThreatHunt, another huntgraph process). Results cached under a version are never
// older than it: the version and the data it counts commit together, in one transaction.
// Deferred constraint triggers bump it once per transaction, at commit, so that the version's row is
// locked only for the moment of the commit (a trigger at the first write would hold it for a whole
// import and make every other writer wait). They are row triggers (constraint triggers cannot be
// statement triggers), on tables of few rows per change only; TRUNCATE gets a statement trigger.
import type { MigrationInterface, QueryRunner } from "typeorm";

/** What correlation reads: the rows' and index's changes show in datasets and ioc_shared_values. */
const TABLES = [
  "hunts",
  "datasets",
  "hypotheses",
  "enrichment_results",
  "ioc_shared_values",
  "ioc_dispositions",
  "exclusion_rules",
  "warninglists",
];

const BUMP = `
  CREATE FUNCTION huntgraph_bump_data_version() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
  BEGIN
    IF current_setting('huntgraph.data_version_bumped', true) IS DISTINCT FROM 'yes' THEN
      UPDATE huntgraph_data_version SET version = version + 1;
      PERFORM set_config('huntgraph.data_version_bumped', 'yes', true);
    END IF;
    RETURN NULL;
  END
  $fn$`;

export class DataVersion1764400000007 implements MigrationInterface {
  name = "DataVersion1764400000007";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE huntgraph_data_version (
        id smallint NOT NULL DEFAULT 1,
        version bigint NOT NULL,
        CONSTRAINT huntgraph_data_version_pkey PRIMARY KEY (id),
        CONSTRAINT huntgraph_data_version_one_row CHECK (id = 1)
      )`);
    await db.query(`INSERT INTO huntgraph_data_version (id, version) VALUES (1, 1)`);
    await db.query(BUMP);
    for (const table of TABLES) {
      await db.query(`
        CREATE CONSTRAINT TRIGGER tr_${table}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION huntgraph_bump_data_version()`);
      await db.query(`
        CREATE TRIGGER tr_${table}_data_version_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION huntgraph_bump_data_version()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await db.query(`DROP TRIGGER tr_${table}_data_version ON ${table}`);
      await db.query(`DROP TRIGGER tr_${table}_data_version_truncate ON ${table}`);
    }
    await db.query(`DROP FUNCTION huntgraph_bump_data_version()`);
    await db.query(`DROP TABLE huntgraph_data_version`);
  }
}
