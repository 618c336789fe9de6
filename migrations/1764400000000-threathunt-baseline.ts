// ThreatHunt's five tables, as its first migration creates them. On a database that ThreatHunt
// itself created they already exist, and every statement here is a no-op, so its rows are untouched.
// The tables this migration did create are listed in huntgraph_created_tables: down() drops those only,
// so that reverting huntgraph never destroys ThreatHunt's data.
import type { MigrationInterface, QueryRunner } from "typeorm";

export class ThreathuntBaseline1764400000000 implements MigrationInterface {
  name = "ThreathuntBaseline1764400000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS huntgraph_created_tables (table_name text NOT NULL PRIMARY KEY)`);
    const existing = new Set(await tableNames(db));
    await createThreatHuntTables(db);
    const created = TABLES.filter((table) => !existing.has(table));
    if (created.length > 0) {
      await db.query(`INSERT INTO huntgraph_created_tables (table_name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [created]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    // A database migrated before the list existed has none: nothing is known to be huntgraph's, nothing is dropped.
    const listed: { table_name: string }[] = (await tableNames(db)).includes("huntgraph_created_tables")
      ? await db.query(`SELECT table_name FROM huntgraph_created_tables`)
      : [];
    const created = new Set(listed.map((row) => row.table_name));
    for (const table of [...TABLES].reverse()) {
      if (created.has(table)) await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP TABLE IF EXISTS huntgraph_created_tables`);
  }
}

/** ThreatHunt's tables, each before those that refer to it. */
const TABLES = ["hunts", "datasets", "dataset_rows", "hypotheses", "enrichment_results"];

async function tableNames(db: QueryRunner): Promise<string[]> {
  const rows: { table_name: string }[] = await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  return rows.map((row) => row.table_name);
}

async function createThreatHuntTables(db: QueryRunner): Promise<void> {
  await db.query(`
      CREATE TABLE IF NOT EXISTS hunts (
        id varchar(32) NOT NULL,
        name varchar(256) NOT NULL,
        description text,
        status varchar(32) NOT NULL,
        owner_id varchar(32),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT hunts_pkey PRIMARY KEY (id)
      )`);
  await db.query(`
      CREATE TABLE IF NOT EXISTS datasets (
        id varchar(32) NOT NULL,
        name varchar(256) NOT NULL,
        filename varchar(512) NOT NULL,
        source_tool varchar(64),
        row_count integer NOT NULL,
        column_schema json,
        normalized_columns json,
        ioc_columns json,
        file_size_bytes integer NOT NULL,
        encoding varchar(32),
        delimiter varchar(4),
        time_range_start timestamptz,
        time_range_end timestamptz,
        hunt_id varchar(32),
        uploaded_by varchar(32),
        created_at timestamptz NOT NULL,
        CONSTRAINT datasets_pkey PRIMARY KEY (id),
        CONSTRAINT datasets_hunt_id_fkey FOREIGN KEY (hunt_id) REFERENCES hunts (id)
      )`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_datasets_name ON datasets (name)`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_datasets_hunt ON datasets (hunt_id)`);
  await db.query(`
      CREATE TABLE IF NOT EXISTS dataset_rows (
        id serial NOT NULL,
        dataset_id varchar(32) NOT NULL,
        row_index integer NOT NULL,
        data json NOT NULL,
        normalized_data json,
        CONSTRAINT dataset_rows_pkey PRIMARY KEY (id),
        CONSTRAINT dataset_rows_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
      )`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_dataset_rows_dataset_id ON dataset_rows (dataset_id)`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_dataset_rows_dataset_row ON dataset_rows (dataset_id, row_index)`);
  await db.query(`
      CREATE TABLE IF NOT EXISTS hypotheses (
        id varchar(32) NOT NULL,
        hunt_id varchar(32),
        title varchar(256) NOT NULL,
        description text,
        mitre_technique varchar(32),
        status varchar(16) NOT NULL,
        evidence_row_ids json,
        evidence_notes text,
        created_at timestamptz,
        updated_at timestamptz,
        CONSTRAINT hypotheses_pkey PRIMARY KEY (id),
        CONSTRAINT hypotheses_hunt_id_fkey FOREIGN KEY (hunt_id) REFERENCES hunts (id)
      )`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_hypotheses_hunt_id ON hypotheses (hunt_id)`);
  await db.query(`
      CREATE TABLE IF NOT EXISTS enrichment_results (
        id varchar(32) NOT NULL,
        ioc_value varchar(512) NOT NULL,
        ioc_type varchar(32) NOT NULL,
        source varchar(32) NOT NULL,
        verdict varchar(16),
        confidence double precision,
        raw_result json,
        summary text,
        dataset_id varchar(32),
        cached_at timestamptz NOT NULL,
        expires_at timestamptz,
        CONSTRAINT enrichment_results_pkey PRIMARY KEY (id),
        CONSTRAINT enrichment_results_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets (id)
      )`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_enrichment_results_ioc_value ON enrichment_results (ioc_value)`);
  await db.query(`CREATE INDEX IF NOT EXISTS ix_enrichment_results_ioc_source ON enrichment_results (ioc_value, source)`);
}
