// ReindexService on a real database (PGlite, or PostgreSQL with DATABASE_URL): the index it builds from the
// stored rows of imported datasets is the one the import wrote, to the last column, whether it fit in
// memory or was spilled, and however often it is rebuilt.
import { createReadStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Database } from "../../../../src/database/data-source";
import { ReindexService } from "../../../../src/modules/ingest/reindex.service";
import { OccurrenceIndex } from "../../../../src/modules/occurrence/occurrence-index";
import { createServices, type Services } from "../../../../src/modules/services";
import { openTestDatabase } from "../../../support/database";
import { csv } from "../../../support/hunting";

const FIXTURES = "test/fixtures";
/** Two hunts, whose exports share 185.220.101.34 among others. */
const HUNT_A_FILES = ["velociraptor-netstat.csv", "edr-process-multiline.csv", "sysmon-utf16le.csv", "osquery-processes.tsv"];
const HUNT_B_FILES = ["ragged-firewall.csv", "proxy-semicolon.csv", "logons-cp1252.csv"];
/** Past two pages of the reindex's reads (5,000 rows each). */
const GENERATED_ROWS = 12_000;

/**
 * Short rows one second apart from 2024-03-01 00:00 UTC: 40 hosts (in `hostname`, an IOC column, and in
 * `src_host`, a host-name column that is none) and 2,000 addresses, each address back every 2,000 rows, so
 * that its first and last seen span the pages.
 */
function connections(rows: number): string {
  const lines = ["timestamp,hostname,src_host,dst_ip"];
  for (let i = 0; i < rows; i++) {
    const n = (i * 37) % 2000;
    lines.push(`${new Date(Date.UTC(2024, 2, 1) + i * 1000).toISOString()},ws-${i % 40},ws-${(i * 7) % 40},10.0.${n >> 8}.${n & 255}`);
  }
  return csv(...lines);
}
const UNKNOWN_DATASET = "0000000000000000000000000000000d";

let database: Database;
let services: Services;
let datasetIds: string[];
/** The generated export, imported into both hunts: a large dataset and a small one sharing some of its values. */
let largeId: string;

type Row = Record<string, unknown>;
const key = (row: Row, columns: string[]) => columns.map((column) => String(row[column])).join("\u0000");

/**
 * Every row of the index and of the shared values. Sorted here rather than in SQL: the server's collation
 * (PostgreSQL's en_US vs PGlite's C) orders some values differently.
 */
async function storedIndex(): Promise<{ occurrences: Row[]; shared: Row[] }> {
  const sorted = (rows: Row[], columns: string[]) =>
    rows.sort((a, b) => (key(a, columns) < key(b, columns) ? -1 : key(a, columns) > key(b, columns) ? 1 : 0));
  return {
    occurrences: sorted(await database.dataSource.query(`SELECT * FROM ioc_occurrences`), [
      "dataset_id",
      "column_name",
      "ioc_type",
      "value",
    ]),
    shared: sorted(await database.dataSource.query(`SELECT * FROM ioc_shared_values`), ["ioc_type", "value"]),
  };
}

async function dropIndex(): Promise<void> {
  await database.dataSource.query(`DELETE FROM ioc_occurrences`);
  await database.dataSource.query(`DELETE FROM ioc_shared_values`);
}

beforeAll(async () => {
  database = await openTestDatabase();
  services = createServices(database);
  const huntA = (await services.hunts.create({ name: "Reindex A" })).id;
  const huntB = (await services.hunts.create({ name: "Reindex B" })).id;
  datasetIds = [];
  for (const [huntId, files] of [
    [huntA, HUNT_A_FILES],
    [huntB, HUNT_B_FILES],
  ] as const) {
    for (const filename of files) {
      const { dataset } = await services.ingest.importCsv({ huntId, filename, source: createReadStream(path.join(FIXTURES, filename)) });
      datasetIds.push(dataset.id);
    }
  }
  largeId = (
    await services.ingest.importCsv({ huntId: huntA, filename: "connections.csv", source: Readable.from([connections(GENERATED_ROWS)]) })
  ).dataset.id;
  const small = await services.ingest.importCsv({
    huntId: huntB,
    filename: "connections-head.csv",
    source: Readable.from([connections(300)]),
  });
  datasetIds.push(largeId, small.dataset.id);
});
afterAll(() => database?.close());

describe("ReindexService.reindex", () => {
  it("rebuilds, from the stored rows, exactly the index and shared values the imports wrote", async () => {
    const imported = await storedIndex();
    expect(imported.occurrences.length).toBeGreaterThan(2000);
    expect(imported.shared).toContainEqual(expect.objectContaining({ ioc_type: "ip", value: "185.220.101.34", address: "185.220.101.34" }));
    expect(imported.shared).toContainEqual(expect.objectContaining({ ioc_type: "ip", value: "10.0.0.37", hunt_ids: expect.any(Array) }));
    const flags = (column: string) =>
      new Set(imported.occurrences.filter((o) => o.dataset_id === largeId && o.column_name === column).map((o) => o.from_ioc_column));
    expect([flags("hostname"), flags("src_host")]).toEqual([new Set([true]), new Set([false])]);
    await dropIndex();
    let entries = 0;
    for (const id of datasetIds) {
      const result = await services.reindex.reindex(id);
      expect(result.rows).toBe(result.dataset.rowCount);
      entries += result.entries;
    }
    expect(entries).toBe(imported.occurrences.length);
    expect(await storedIndex()).toEqual(imported);
  });

  it("reads a large dataset a page at a time, and reports the rows read after each page", async () => {
    const progress: number[] = [];
    const result = await services.reindex.reindex(largeId, (rows) => progress.push(rows));
    expect(progress).toEqual([5_000, 10_000, 12_000]);
    expect(result.rows).toBe(GENERATED_ROWS);
  });

  it("writes the same index when it is spilled to disk and merged, and leaves no spill file behind", async () => {
    const before = await storedIndex();
    const spillDirectory = mkdtempSync(path.join(tmpdir(), "reindex-test-"));
    try {
      const spilling = new ReindexService(
        database.dataSource,
        new OccurrenceIndex(database.dataSource, database.pglite, { occurrenceBudgetBytes: 64 * 1024, spillDirectory }),
      );
      // The first page's 2,080 values take some 190 KB: spilled after the first page, then merged.
      const spillsSeen: number[] = [];
      await spilling.reindex(largeId, () => spillsSeen.push(readdirSync(spillDirectory).length));
      expect(spillsSeen).toEqual([0, 1, 1]);
      expect(await storedIndex()).toEqual(before);
      expect(readdirSync(spillDirectory)).toEqual([]);
    } finally {
      rmSync(spillDirectory, { recursive: true, force: true });
    }
  });

  it("gives the same index every time it runs", async () => {
    const before = await storedIndex();
    for (const id of datasetIds) await services.reindex.reindex(id);
    expect(await storedIndex()).toEqual(before);
  });

  it("reads numbers and booleans a script stored in a row as their text, and skips null and nested values", async () => {
    const db = database.dataSource;
    const hunt = await services.hunts.create({ name: "Scripted" });
    const id = "5c000000000000000000000000000001";
    await db.query(
      `INSERT INTO datasets (id, name, filename, row_count, file_size_bytes, hunt_id, normalized_columns, ioc_columns)
       VALUES ($1, 'scripted', 'scripted.json', 2, 0, $2, '{"Seen": "timestamp", "Addr": "dst_ip", "Host": "hostname"}', '{"Addr": "ip"}')`,
      [id, hunt.id],
    );
    await db.query(
      `INSERT INTO dataset_rows (dataset_id, row_index, data) VALUES
         ($1, 0, '{"Seen": "2024-03-01 10:00:00", "Addr": "10.0.0.7", "Host": true}'),
         ($1, 1, '{"Seen": null, "Addr": ["10.0.0.8"], "Host": 42}'),
         ($1, 2, '"not an object"')`,
      [id],
    );
    expect(await services.reindex.reindex(id)).toMatchObject({ rows: 3, entries: 3 });
    const entries = await db.query(
      `SELECT column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen FROM ioc_occurrences WHERE dataset_id = $1 ORDER BY column_name, value`,
      [id],
    );
    // Host is a host-name column but no IOC column of the dataset: indexed for host overlaps only.
    const seen = new Date("2024-03-01T10:00:00Z");
    expect(entries).toEqual([
      {
        column_name: "Addr",
        ioc_type: "ip",
        from_ioc_column: true,
        value: "10.0.0.7",
        raw_value: "10.0.0.7",
        occurrences: 1,
        first_row_index: 0,
        first_seen: seen,
      },
      {
        column_name: "Host",
        ioc_type: "hostname",
        from_ioc_column: false,
        value: "42",
        raw_value: "42",
        occurrences: 1,
        first_row_index: 1,
        first_seen: null,
      },
      {
        column_name: "Host",
        ioc_type: "hostname",
        from_ioc_column: false,
        value: "TRUE",
        raw_value: "true",
        occurrences: 1,
        first_row_index: 0,
        first_seen: seen,
      },
    ]);
  });

  it("refuses an unknown dataset, naming it, and changes nothing", async () => {
    const before = await storedIndex();
    await expect(services.reindex.reindex(UNKNOWN_DATASET)).rejects.toThrow(`No dataset with id '${UNKNOWN_DATASET}'`);
    expect(await storedIndex()).toEqual(before);
  });
});
