// The migrations: they build the schema the entities describe, they revert, and they take over a
// database that ThreatHunt itself created without changing a byte of its rows.
import type { DataSource } from "typeorm";
import { migrations } from "../../../migrations";
import { type Database, migrate } from "../../../src/database/data-source";
import { createTestApi } from "../../support/api";
import { onPostgres, openTestDatabase } from "../../support/database";

const MIGRATION_NAMES = migrations.map((Migration) => new Migration().name);

/** What TypeORM would change to make the database match the entities: nothing, when they agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((query) => query.query);
}

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

describe("on an empty database", () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase({ migrated: false });
  });
  afterAll(() => database.close());

  it("applies every migration, after which the entities and the schema agree", async () => {
    expect(await migrate(database.dataSource)).toEqual(MIGRATION_NAMES);
    expect(await pendingSchemaChanges(database.dataSource)).toEqual([]);
    expect(await migrate(database.dataSource)).toEqual([]);
  });

  it("reverts every migration, down to the migrations table alone, and migrates again", async () => {
    for (let i = 0; i < MIGRATION_NAMES.length; i++) {
      await database.dataSource.undoLastMigration({ transaction: "each" });
    }
    expect(await tables(database.dataSource)).toEqual(["huntgraph_migrations"]);
    expect(await database.dataSource.query("SELECT count(*)::int AS n FROM huntgraph_migrations")).toEqual([{ n: 0 }]);
    expect(await migrate(database.dataSource)).toEqual(MIGRATION_NAMES);
    expect(await pendingSchemaChanges(database.dataSource)).toEqual([]);
  });

  it("deletes a dataset's occurrence index entries with the dataset, whoever deletes it", async () => {
    const db = database.dataSource;
    const [keep, gone] = ["a".repeat(32), "b".repeat(32)];
    await db.query(`INSERT INTO hunts (id, name) VALUES ($1, 'h')`, [HUNT_ID]);
    for (const id of [keep, gone]) {
      await db.query(`INSERT INTO datasets (id, name, filename, row_count, file_size_bytes, hunt_id) VALUES ($1, 'd', 'd.csv', 1, 1, $2)`, [
        id,
        HUNT_ID,
      ]);
      await db.query(
        `INSERT INTO ioc_occurrences (dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index)
         VALUES ($1, $2, 'SrcIP', 'ip', true, '10.0.0.5', '10.0.0.5', 1, 0), ($1, $2, 'Hostname', 'hostname', true, 'WS-01', 'ws-01', 1, 0)`,
        [id, HUNT_ID],
      );
    }
    // A plain DELETE, as ThreatHunt issues it: no foreign key any more, the trigger does the work.
    await db.query(`DELETE FROM datasets WHERE id = $1`, [gone]);
    expect(await db.query(`SELECT dataset_id, count(*)::int AS n FROM ioc_occurrences GROUP BY dataset_id`)).toEqual([
      { dataset_id: keep, n: 2 },
    ]);
    await db.query(`DELETE FROM datasets`);
    await db.query(`DELETE FROM hunts`);
    expect(await db.query(`SELECT count(*)::int AS n FROM ioc_occurrences`)).toEqual([{ n: 0 }]);
  });

  it("marks the index entries of host-name columns that are no IOC column when it adds from_ioc_column", async () => {
    const db = database.dataSource;
    // Back to before migration 1764400000004 (and the ones after it, which need its column).
    const undone = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf("CheaperOccurrenceWrites1764400000004"));
    for (let i = 0; i < undone.length; i++) await db.undoLastMigration({ transaction: "each" });
    const [listed, unlisted] = ["c".repeat(32), "d".repeat(32)];
    await db.query(`INSERT INTO hunts (id, name) VALUES ($1, 'h')`, [HUNT_ID]);
    // Computer is a host-name column typed domain; Src Host one that is no IOC column; ThreatHunt may store no ioc_columns at all.
    await db.query(
      `INSERT INTO datasets (id, name, filename, row_count, file_size_bytes, hunt_id, ioc_columns)
       VALUES ($1, 'd', 'd.csv', 1, 1, $3, '{"Hostname": "hostname", "Computer": "domain", "SrcIP": "ip"}'), ($2, 'e', 'e.csv', 1, 1, $3, NULL)`,
      [listed, unlisted, HUNT_ID],
    );
    await db.query(
      `INSERT INTO ioc_occurrences (dataset_id, hunt_id, column_name, ioc_type, value, raw_value, occurrences, first_row_index)
       VALUES ($1, $3, 'Hostname', 'hostname', 'WS-01', 'ws-01', 1, 0), ($1, $3, 'Src Host', 'hostname', 'WS-02', 'ws-02', 1, 0),
              ($1, $3, 'Computer', 'domain', 'ws-03.corp.example', 'ws-03.corp.example', 1, 0),
              ($1, $3, 'Computer', 'hostname', 'WS-03.CORP.EXAMPLE', 'ws-03.corp.example', 1, 0),
              ($1, $3, 'SrcIP', 'ip', '10.0.0.5', '10.0.0.5', 1, 0), ($2, $3, 'Hostname', 'hostname', 'WS-01', 'ws-01', 1, 0)`,
      [listed, unlisted, HUNT_ID],
    );
    expect(await migrate(db)).toEqual(undone);
    expect(
      await db.query(
        `SELECT dataset_id, column_name, ioc_type, from_ioc_column FROM ioc_occurrences ORDER BY dataset_id, column_name COLLATE "C", ioc_type`,
      ),
    ).toEqual([
      { dataset_id: listed, column_name: "Computer", ioc_type: "domain", from_ioc_column: true },
      { dataset_id: listed, column_name: "Computer", ioc_type: "hostname", from_ioc_column: false },
      { dataset_id: listed, column_name: "Hostname", ioc_type: "hostname", from_ioc_column: true },
      { dataset_id: listed, column_name: "Src Host", ioc_type: "hostname", from_ioc_column: false },
      { dataset_id: listed, column_name: "SrcIP", ioc_type: "ip", from_ioc_column: true },
      { dataset_id: unlisted, column_name: "Hostname", ioc_type: "hostname", from_ioc_column: false },
    ]);
    expect(await pendingSchemaChanges(db)).toEqual([]);
    await db.query(`DELETE FROM datasets`);
    await db.query(`DELETE FROM hunts`);
  });

  it("gives the shared values the ids of the lists and rules matching them, and keeps them as matches change", async () => {
    const db = database.dataSource;
    const undone = MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf("MatchesOnSharedValues1764400000006"));
    for (let i = 0; i < undone.length; i++) await db.undoLastMigration({ transaction: "each" });
    await db.query(
      `INSERT INTO ioc_shared_values (ioc_type, value, hunt_ids, appearances, datasets, all_hunt_ids, all_appearances, all_datasets, address)
       VALUES ('ip', '142.250.1.1', '{a,b}', 2, 2, '{a,b}', 2, 2, '142.250.1.1'), ('ip', '8.8.8.8', '{a,b}', 2, 2, '{a,b}', 2, 2, '8.8.8.8')`,
    );
    const list = (name: string) =>
      `INSERT INTO warninglists (name, title, description, version, list_type, ioc_types, role, enabled, origin, entry_count, file_entries)
       VALUES ('${name}', '${name}', '', 1, 'cidr', '{ip}', 'CONTEXT', true, 'test', 1, 1) RETURNING id`;
    const [{ id: broad }] = await db.query(list("broad"));
    const [{ id: narrow }] = await db.query(list("narrow"));
    await db.query(
      `INSERT INTO exclusion_rules (id, kind, pattern, network, reason) VALUES ($1, 'CIDR', '8.8.8.0/24', '8.8.8.0/24', 'r')`,
      ["r".repeat(32)],
    );
    // a /15 block, too broad for context, and a /24 one
    await db.query(
      `INSERT INTO ioc_list_matches (ioc_type, value, list_id, prefix) VALUES ('ip', '142.250.1.1', $1, 15), ('ip', '142.250.1.1', $2, 24)`,
      [broad, narrow],
    );
    await db.query(`INSERT INTO ioc_rule_matches (ioc_type, value, rule_id) VALUES ('ip', '8.8.8.8', $1)`, ["r".repeat(32)]);
    expect(await migrate(db)).toEqual(undone);
    const arrays = () => db.query(`SELECT value, list_ids, narrow_list_ids, rule_ids FROM ioc_shared_values ORDER BY value`);
    expect(await arrays()).toEqual([
      { value: "142.250.1.1", list_ids: [broad, narrow].sort((a, b) => a - b), narrow_list_ids: [narrow], rule_ids: [] },
      { value: "8.8.8.8", list_ids: [], narrow_list_ids: [], rule_ids: ["r".repeat(32)] },
    ]);
    await db.query(`DELETE FROM ioc_list_matches WHERE list_id = $1`, [narrow]);
    await db.query(`DELETE FROM exclusion_rules`);
    await db.query(`INSERT INTO ioc_list_matches (ioc_type, value, list_id, prefix) VALUES ('ip', '8.8.8.8', $1, 24)`, [narrow]);
    expect(await arrays()).toEqual([
      { value: "142.250.1.1", list_ids: [broad], narrow_list_ids: [], rule_ids: [] },
      { value: "8.8.8.8", list_ids: [narrow], narrow_list_ids: [narrow], rule_ids: [] },
    ]);
    expect(await pendingSchemaChanges(db)).toEqual([]);
    await db.query(`DELETE FROM ioc_shared_values`);
    await db.query(`DELETE FROM warninglists`);
  });

  it("counts committed changes in the data version, once per transaction, whoever writes", async () => {
    const db = database.dataSource;
    const version = async () => Number((await db.query(`SELECT version FROM huntgraph_data_version`))[0].version);
    const start = await version();
    // a plain INSERT, as ThreatHunt issues it
    await db.query(`INSERT INTO hunts (id, name, status, created_at, updated_at) VALUES ($1, 'v', 'active', now(), now())`, [
      "e".repeat(32),
    ]);
    expect(await version()).toBe(start + 1);
    // many rows of several tables in one transaction: one step
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE hunts SET name = 'v2' WHERE id = $1`, ["e".repeat(32)]);
      await tx.query(
        `INSERT INTO hypotheses (id, hunt_id, title, status, created_at, updated_at)
                      SELECT md5(i::text), $1, 'h', 'draft', now(), now() FROM generate_series(1, 50) AS i`,
        ["e".repeat(32)],
      );
      // not visible to others before the commit (PGlite has one connection: no others)
      if (onPostgres) expect(await version()).toBe(start + 1);
    });
    expect(await version()).toBe(start + 2);
    // a transaction that rolls back counts nothing
    await db
      .transaction(async (tx) => {
        await tx.query(`DELETE FROM hypotheses`);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await version()).toBe(start + 2);
    await db.query(`DELETE FROM hypotheses`);
    await db.query(`DELETE FROM hunts`);
    expect(await version()).toBe(start + 4);
  });
});

// ThreatHunt's first Alembic migration, as SQLAlchemy emits it for PostgreSQL (reference §1): json
// columns, no server defaults (Python fills status and timestamps), PostgreSQL's default names for
// primary and foreign keys, and its own alembic_version table.
const THREATHUNT_DDL = [
  `CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
  )`,
  `CREATE TABLE hunts (
    id VARCHAR(32) NOT NULL,
    name VARCHAR(256) NOT NULL,
    description TEXT,
    status VARCHAR(32) NOT NULL,
    owner_id VARCHAR(32),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id)
  )`,
  `CREATE TABLE datasets (
    id VARCHAR(32) NOT NULL,
    name VARCHAR(256) NOT NULL,
    filename VARCHAR(512) NOT NULL,
    source_tool VARCHAR(64),
    row_count INTEGER NOT NULL,
    column_schema JSON,
    normalized_columns JSON,
    ioc_columns JSON,
    file_size_bytes INTEGER NOT NULL,
    encoding VARCHAR(32),
    delimiter VARCHAR(4),
    time_range_start TIMESTAMP WITH TIME ZONE,
    time_range_end TIMESTAMP WITH TIME ZONE,
    hunt_id VARCHAR(32),
    uploaded_by VARCHAR(32),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(hunt_id) REFERENCES hunts (id)
  )`,
  `CREATE INDEX ix_datasets_name ON datasets (name)`,
  `CREATE INDEX ix_datasets_hunt ON datasets (hunt_id)`,
  `CREATE TABLE dataset_rows (
    id SERIAL NOT NULL,
    dataset_id VARCHAR(32) NOT NULL,
    row_index INTEGER NOT NULL,
    data JSON NOT NULL,
    normalized_data JSON,
    PRIMARY KEY (id),
    FOREIGN KEY(dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
  )`,
  `CREATE INDEX ix_dataset_rows_dataset_id ON dataset_rows (dataset_id)`,
  `CREATE INDEX ix_dataset_rows_dataset_row ON dataset_rows (dataset_id, row_index)`,
  `CREATE TABLE hypotheses (
    id VARCHAR(32) NOT NULL,
    hunt_id VARCHAR(32),
    title VARCHAR(256) NOT NULL,
    description TEXT,
    mitre_technique VARCHAR(32),
    status VARCHAR(16) NOT NULL,
    evidence_row_ids JSON,
    evidence_notes TEXT,
    created_at TIMESTAMP WITH TIME ZONE,
    updated_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(hunt_id) REFERENCES hunts (id)
  )`,
  `CREATE INDEX ix_hypotheses_hunt_id ON hypotheses (hunt_id)`,
  `CREATE TABLE enrichment_results (
    id VARCHAR(32) NOT NULL,
    ioc_value VARCHAR(512) NOT NULL,
    ioc_type VARCHAR(32) NOT NULL,
    source VARCHAR(32) NOT NULL,
    verdict VARCHAR(16),
    confidence FLOAT,
    raw_result JSON,
    summary TEXT,
    dataset_id VARCHAR(32),
    cached_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(dataset_id) REFERENCES datasets (id)
  )`,
  `CREATE INDEX ix_enrichment_results_ioc_value ON enrichment_results (ioc_value)`,
  `CREATE INDEX ix_enrichment_results_ioc_source ON enrichment_results (ioc_value, source)`,
];

const HUNT_ID = "5f0c6d1e2b3a49c8a7d6e5f4c3b2a190";
const DATASET_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const HYPOTHESIS_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const UNDATED_HYPOTHESIS_ID = "1f1e2d3c4b5a69788796a5b4c3d2e1f1";
const ENRICHMENT_ID = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";

// As Python's json.dumps writes them: ", " and ": " separators, keys in CSV column order.
const ROWS = [
  `{"Timestamp": "2025-06-01 08:00:00", "Hostname": "WS-01", "SrcIP": "10.0.0.5"}`,
  `{"Timestamp": "2025-06-01 08:05:13", "Hostname": "WS-02", "SrcIP": "10.0.0.6"}`,
  `{"Timestamp": "2025-06-01 09:12:40", "Hostname": "DC-01", "SrcIP": "10.0.0.1"}`,
];
const NORMALIZED_ROWS = ROWS.map((row) =>
  row.replace('"Timestamp"', '"timestamp"').replace('"Hostname"', '"hostname"').replace('"SrcIP"', '"src_ip"'),
);

async function createThreatHuntDatabase(dataSource: DataSource): Promise<number[]> {
  for (const statement of THREATHUNT_DDL) await dataSource.query(statement);
  await dataSource.query(`INSERT INTO alembic_version (version_num) VALUES ('0001_initial')`);
  await dataSource.query(
    `INSERT INTO hunts (id, name, description, status, owner_id, created_at, updated_at)
     VALUES ($1, 'APT lateral movement', 'From the SOC ticket', 'active', 'u7', '2025-06-01 07:59:59.123456+00', '2025-06-02 10:00:00.654321+00')`,
    [HUNT_ID],
  );
  await dataSource.query(
    `INSERT INTO datasets (id, name, filename, source_tool, row_count, column_schema, normalized_columns, ioc_columns,
       file_size_bytes, encoding, delimiter, time_range_start, time_range_end, hunt_id, uploaded_by, created_at)
     VALUES ($1, 'netstat', 'netstat.csv', 'velociraptor', 3,
       '{"Timestamp": "timestamp", "Hostname": "string", "SrcIP": "ip"}',
       '{"Timestamp": "timestamp", "Hostname": "hostname", "SrcIP": "src_ip"}',
       '{"Hostname": "hostname", "SrcIP": "ip"}',
       2048, 'utf-8', ',', '2025-06-01 08:00:00+00', '2025-06-01 09:12:40+00', $2, 'u7', '2025-06-01 08:30:00.5+00')`,
    [DATASET_ID, HUNT_ID],
  );
  const rowIds: number[] = [];
  for (const [i, row] of ROWS.entries()) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO dataset_rows (dataset_id, row_index, data, normalized_data) VALUES ($1, $2, $3, $4) RETURNING id`,
      [DATASET_ID, i, row, NORMALIZED_ROWS[i]],
    );
    rowIds.push(id);
  }
  await dataSource.query(
    `INSERT INTO hypotheses (id, hunt_id, title, description, mitre_technique, status, evidence_row_ids, evidence_notes, created_at, updated_at)
     VALUES ($1, $2, 'SMB lateral movement', 'Admin shares from WS-01', 'T1021.002', 'confirmed', $3, 'see rows', '2025-06-01 09:00:00+00', '2025-06-01 09:30:00+00'),
            ($4, $2, 'Undated', NULL, NULL, 'draft', NULL, NULL, NULL, NULL)`,
    [HYPOTHESIS_ID, HUNT_ID, `[${rowIds[0]}, ${rowIds[2]}]`, UNDATED_HYPOTHESIS_ID],
  );
  await dataSource.query(
    `INSERT INTO enrichment_results (id, ioc_value, ioc_type, source, verdict, confidence, raw_result, summary, dataset_id, cached_at, expires_at)
     VALUES ($1, '10.0.0.5', 'ip', 'abuseipdb', 'malicious', 0.9, '{"abuseConfidenceScore": 90, "countryCode": "NL"}',
       'Reported 12 times', $2, '2025-06-01 10:00:00+00', '2025-06-02 10:00:00+00')`,
    [ENRICHMENT_ID, DATASET_ID],
  );
  return rowIds;
}

const THREATHUNT_TABLES = ["alembic_version", "hunts", "datasets", "dataset_rows", "hypotheses", "enrichment_results"];

/** Every row of every ThreatHunt table as PostgreSQL prints it: json text, key order and spacing included. */
async function snapshot(dataSource: DataSource): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of THREATHUNT_TABLES) {
    const rows: { row: string }[] = await dataSource.query(`SELECT t::text AS row FROM ${table} t ORDER BY t::text`);
    result[table] = rows.map((r) => r.row);
  }
  return result;
}

const THREATHUNT_HUNT = `query ($id: ID!) {
  hunt(id: $id) {
    id name description status ownerId createdAt updatedAt
    datasets {
      nodes {
        id name filename sourceTool rowCount columnSchema normalizedColumns iocColumns fileSizeBytes
        encoding delimiter timeRangeStart timeRangeEnd uploadedBy createdAt
        rows { totalCount nodes { id rowIndex data normalizedData } }
      }
    }
    hypotheses { nodes { id title description mitreTechnique status evidenceRowIds evidenceNotes createdAt updatedAt hunt { id } } }
  }
}`;
const ENRICHMENTS = `query ($iocValue: String!) {
  enrichments(iocValue: $iocValue) {
    nodes { id iocValue iocType source verdict confidence rawResult summary cachedAt expiresAt expired dataset { id name } }
  }
}`;
const CREATE_HUNT = `mutation { createHunt(input: { name: "Made by huntgraph" }) { hunt { id name status createdAt updatedAt } } }`;
const CREATE_HYPOTHESIS = `mutation ($huntId: ID!) { createHypothesis(input: { huntId: $huntId, title: "New" }) { hypothesis { status createdAt hunt { name } } } }`;

describe("on a database created by ThreatHunt", () => {
  let database: Database;
  let rowIds: number[];
  let before: Record<string, string[]>;

  beforeAll(async () => {
    database = await openTestDatabase({ migrated: false });
    rowIds = await createThreatHuntDatabase(database.dataSource);
    before = await snapshot(database.dataSource);
  });
  afterAll(() => database.close());

  it("lacks only huntgraph's server defaults, then migrates leaving every row exactly as it was", async () => {
    expect(before.dataset_rows).toHaveLength(3);
    expect(before.dataset_rows[0]).toContain(
      `"{""Timestamp"": ""2025-06-01 08:00:00"", ""Hostname"": ""WS-01"", ""SrcIP"": ""10.0.0.5""}"`,
    );
    // Before: the entities see exactly the server defaults that ThreatHunt's tables lack.
    const onThreatHuntTables = (await pendingSchemaChanges(database.dataSource)).filter((query) =>
      /^(ALTER TABLE|CREATE (UNIQUE )?INDEX "\w+" ON|DROP TABLE) "(hunts|datasets|dataset_rows|hypotheses|enrichment_results)"|^DROP INDEX/.test(
        query,
      ),
    );
    expect(onThreatHuntTables.sort()).toEqual([
      // the hash that tells a file imported again, and its index
      `ALTER TABLE "datasets" ADD "content_sha256" character(64)`,
      // file sizes over 2 GiB: a bigint, which TypeORM would make by dropping the column (the migration alters its type)
      `ALTER TABLE "datasets" ADD "file_size_bytes" bigint NOT NULL`,
      `ALTER TABLE "datasets" ALTER COLUMN "created_at" SET DEFAULT now()`,
      `ALTER TABLE "datasets" DROP COLUMN "file_size_bytes"`,
      `ALTER TABLE "enrichment_results" ALTER COLUMN "cached_at" SET DEFAULT now()`,
      // the restriction of hunts (access control): a column with a default, which ThreatHunt's code never reads
      `ALTER TABLE "hunts" ADD "restricted" boolean NOT NULL DEFAULT false`,
      `ALTER TABLE "hunts" ALTER COLUMN "created_at" SET DEFAULT now()`,
      `ALTER TABLE "hunts" ALTER COLUMN "status" SET DEFAULT 'active'`,
      `ALTER TABLE "hunts" ALTER COLUMN "updated_at" SET DEFAULT now()`,
      `ALTER TABLE "hypotheses" ALTER COLUMN "created_at" SET DEFAULT now()`,
      // a hypothesis's timestamps, always set by ThreatHunt, are NOT NULL (migration 11)
      `ALTER TABLE "hypotheses" ALTER COLUMN "created_at" SET NOT NULL`,
      `ALTER TABLE "hypotheses" ALTER COLUMN "status" SET DEFAULT 'draft'`,
      `ALTER TABLE "hypotheses" ALTER COLUMN "updated_at" SET DEFAULT now()`,
      `ALTER TABLE "hypotheses" ALTER COLUMN "updated_at" SET NOT NULL`,
      `CREATE INDEX "ix_datasets_hunt_content" ON "datasets"  ("hunt_id", "content_sha256") WHERE content_sha256 IS NOT NULL`,
    ]);
    expect(await migrate(database.dataSource)).toEqual(MIGRATION_NAMES);
    // every row as it was; hunts gain one column, restricted, false (every user sees them, as in ThreatHunt),
    // datasets one, content_sha256, null (not known for files imported before); the undated hypothesis
    // takes its hunt's creation time
    const gaining = (rows: string[], value: string) => rows.map((row) => row.replace(/\)$/, `,${value})`));
    const huntCreated = `"2025-06-01 07:59:59.123456+00"`;
    expect(await snapshot(database.dataSource)).toEqual({
      ...before,
      hunts: gaining(before.hunts, "f"),
      datasets: gaining(before.datasets, ""),
      hypotheses: before.hypotheses.map((row) =>
        row.startsWith(`(${UNDATED_HYPOTHESIS_ID},`) ? row.replace(/,,\)$/, `,${huntCreated},${huntCreated})`) : row,
      ),
    });
  });

  it("agrees with the entities once migrated", async () => {
    expect(await pendingSchemaChanges(database.dataSource)).toEqual([]);
  });

  it("serves ThreatHunt's hunt, dataset, rows and hypotheses through the API, row keys in file order", async () => {
    const api = await createTestApi(database);
    const { hunt } = await api.data(THREATHUNT_HUNT, { id: HUNT_ID });
    expect(hunt).toEqual({
      id: HUNT_ID,
      name: "APT lateral movement",
      description: "From the SOC ticket",
      status: "ACTIVE",
      ownerId: "u7",
      createdAt: "2025-06-01T07:59:59.123Z",
      updatedAt: "2025-06-02T10:00:00.654Z",
      datasets: {
        nodes: [
          {
            id: DATASET_ID,
            name: "netstat",
            filename: "netstat.csv",
            sourceTool: "velociraptor",
            rowCount: 3,
            columnSchema: { Timestamp: "timestamp", Hostname: "string", SrcIP: "ip" },
            normalizedColumns: { Timestamp: "timestamp", Hostname: "hostname", SrcIP: "src_ip" },
            iocColumns: { Hostname: "hostname", SrcIP: "ip" },
            fileSizeBytes: 2048,
            encoding: "utf-8",
            delimiter: ",",
            timeRangeStart: "2025-06-01T08:00:00.000Z",
            timeRangeEnd: "2025-06-01T09:12:40.000Z",
            uploadedBy: "u7",
            createdAt: "2025-06-01T08:30:00.500Z",
            rows: {
              totalCount: 3,
              nodes: ROWS.map((row, i) => ({
                id: rowIds[i],
                rowIndex: i,
                data: JSON.parse(row),
                normalizedData: JSON.parse(NORMALIZED_ROWS[i]),
              })),
            },
          },
        ],
      },
      hypotheses: {
        nodes: [
          {
            id: UNDATED_HYPOTHESIS_ID,
            title: "Undated",
            description: null,
            mitreTechnique: null,
            status: "DRAFT",
            evidenceRowIds: null,
            evidenceNotes: null,
            // filled in by migration 11 from its hunt, so it comes first (oldest first)
            createdAt: "2025-06-01T07:59:59.123Z",
            updatedAt: "2025-06-01T07:59:59.123Z",
            hunt: { id: HUNT_ID },
          },
          {
            id: HYPOTHESIS_ID,
            title: "SMB lateral movement",
            description: "Admin shares from WS-01",
            mitreTechnique: "T1021.002",
            status: "CONFIRMED",
            evidenceRowIds: [rowIds[0], rowIds[2]],
            evidenceNotes: "see rows",
            createdAt: "2025-06-01T09:00:00.000Z",
            updatedAt: "2025-06-01T09:30:00.000Z",
            hunt: { id: HUNT_ID },
          },
        ],
      },
    });
    const [row] = hunt.datasets.nodes[0].rows.nodes;
    expect(Object.keys(row.data)).toEqual(["Timestamp", "Hostname", "SrcIP"]);
    expect(Object.keys(row.normalizedData)).toEqual(["timestamp", "hostname", "src_ip"]);
    expect(Object.keys(hunt.datasets.nodes[0].columnSchema)).toEqual(["Timestamp", "Hostname", "SrcIP"]);
  });

  it("serves ThreatHunt's enrichment results through the API", async () => {
    const api = await createTestApi(database);
    const { enrichments } = await api.data(ENRICHMENTS, { iocValue: "10.0.0.5" });
    expect(enrichments.nodes).toEqual([
      {
        id: ENRICHMENT_ID,
        iocValue: "10.0.0.5",
        iocType: "IP",
        source: "abuseipdb",
        verdict: "MALICIOUS",
        confidence: 0.9,
        rawResult: { abuseConfidenceScore: 90, countryCode: "NL" },
        summary: "Reported 12 times",
        cachedAt: "2025-06-01T10:00:00.000Z",
        expiresAt: "2025-06-02T10:00:00.000Z",
        expired: true,
        dataset: { id: DATASET_ID, name: "netstat" },
      },
    ]);
  });

  it("accepts new hunts and hypotheses, the database filling their status and timestamps", async () => {
    const api = await createTestApi(database);
    const started = Date.now();
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT);
    expect(createHunt).toMatchObject({ name: "Made by huntgraph", status: "ACTIVE" });
    expect(Date.parse(createHunt.createdAt)).toBeGreaterThanOrEqual(started - 60_000);
    expect(createHunt.updatedAt).toBe(createHunt.createdAt);
    const {
      createHypothesis: { hypothesis: createHypothesis },
    } = await api.data(CREATE_HYPOTHESIS, { huntId: HUNT_ID });
    expect(createHypothesis).toMatchObject({ status: "DRAFT", hunt: { name: "APT lateral movement" } });
    expect(createHypothesis.createdAt).toEqual(expect.any(String));
    const [{ status }] = await database.dataSource.query("SELECT status FROM hunts WHERE id = $1", [createHunt.id]);
    expect(status).toBe("active");
  });
});

describe("reverting huntgraph on a database created by ThreatHunt", () => {
  let database: Database;

  // Each test gets a database of its own, just created by ThreatHunt.
  beforeEach(async () => {
    database = await openTestDatabase({ migrated: false });
    await createThreatHuntDatabase(database.dataSource);
  });
  afterEach(() => database.close());

  const revertAll = async () => {
    for (let i = 0; i < MIGRATION_NAMES.length; i++) await database.dataSource.undoLastMigration({ transaction: "each" });
  };

  it("drops only what huntgraph created: ThreatHunt's tables and every row in them stay", async () => {
    const before = await snapshot(database.dataSource);
    expect(await migrate(database.dataSource)).toEqual(MIGRATION_NAMES);
    await revertAll();
    expect(await tables(database.dataSource)).toEqual([...THREATHUNT_TABLES, "huntgraph_migrations"].sort());
    expect(await snapshot(database.dataSource)).toEqual(before);
  });

  it("drops nothing of a database migrated before huntgraph listed the tables it created", async () => {
    await migrate(database.dataSource);
    // As the baseline left such a database: no list of created tables.
    await database.dataSource.query(`DROP TABLE huntgraph_created_tables`);
    await revertAll();
    // users, unlisted, may be ThreatHunt's own: it stays
    expect(await tables(database.dataSource)).toEqual([...THREATHUNT_TABLES, "huntgraph_migrations", "users"].sort());
  });
});
