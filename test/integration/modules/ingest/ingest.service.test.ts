// The bulk path of IngestService.importCsv on a real database (PGlite, or PostgreSQL with DATABASE_URL):
// rows stored byte for byte as JSON.stringify of the profiler's objects, and an occurrence index that is
// the same whether it fit in memory or was spilled to disk in parts and merged on the way in.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Database } from "../../../../src/database/data-source";
import { CsvReader } from "../../../../src/modules/ingest/csv/csv-reader";
import { IngestService } from "../../../../src/modules/ingest/ingest.service";
import { DatasetProfiler } from "../../../../src/modules/ingest/profile/profiler";
import { indexedColumns, observingHostColumn } from "../../../../src/modules/occurrence/indexed-columns";
import { OccurrenceIndex } from "../../../../src/modules/occurrence/occurrence-index";
import { createServices, type Services } from "../../../../src/modules/services";
import { openTestDatabase } from "../../../support/database";
import { occurrencesOf, type StoredOccurrence, storedCounts } from "../../../support/ingest";
import { referenceIndex } from "../../../support/reference-index";
import { type DatasetRow, profiledRows } from "../../../support/rows";

let database: Database;
let services: Services;
/** An import service whose occurrence index is spilled to disk every 64 KiB of entries. */
let spilling: IngestService;
let spillDirectory: string;
let huntId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  services = createServices(database);
  spillDirectory = mkdtempSync(join(tmpdir(), "ingest-test-"));
  spilling = new IngestService(
    database.dataSource,
    services.hunts,
    new OccurrenceIndex(database.dataSource, database.pglite, { occurrenceBudgetBytes: 64 * 1024, spillDirectory }),
    database.pglite,
  );
  huntId = (await services.hunts.create({ name: "Bulk path" })).id;
});
afterAll(async () => {
  rmSync(spillDirectory, { recursive: true, force: true });
  await database.close();
});

const source = (text: string, chunkBytes = 7_000) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) chunks.push(bytes.subarray(i, i + chunkBytes));
  return Readable.from(chunks);
};

async function rowsOf(text: string): Promise<{ rows: DatasetRow[]; profiler: DatasetProfiler }> {
  const profiler = new DatasetProfiler(new CsvReader(source(text), "expected.csv"));
  const rows: DatasetRow[] = [];
  for await (const row of profiledRows(profiler)) rows.push(row);
  return { rows, profiler };
}

/** The occurrence index as it was first built: one record per value, rows taken one by one. */
async function expectedIndex(text: string): Promise<Omit<StoredOccurrence, "huntId">[]> {
  const { rows, profiler } = await rowsOf(text);
  const columns = indexedColumns(profiler.iocColumnsSoFar, profiler.normalizedColumnsSoFar);
  const iso = (time: number) => (Number.isNaN(time) ? null : new Date(time).toISOString());
  const entries = referenceIndex(
    columns,
    rows.map((row) => ({ rowIndex: row.rowIndex, value: (column) => row.data[column], time: row.timestamp?.getTime() ?? NaN })),
    observingHostColumn(profiler.normalizedColumnsSoFar),
  );
  return entries.map((entry) => ({ ...entry, firstSeen: iso(entry.firstSeen), lastSeen: iso(entry.lastSeen) }));
}

async function storedIndex(datasetId: string): Promise<Omit<StoredOccurrence, "huntId">[]> {
  return (await occurrencesOf(database.dataSource, datasetId, true)).map(({ huntId: _, ...rest }) => rest);
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * An export whose values need every kind of escaping, with integer-like and odd column names, ragged rows,
 * and indicators written several ways (padded IPs, defanged domains, spaces, case) that fall on either side
 * of the index's drains.
 */
function trickyExport(rows: number): string {
  const header = ["Timestamp", "Hostname", "SourceIp", "Domain", "MD5", "CommandLine", "10", "2", "__proto__", "", "Note"];
  const lines = [header.map(csvField).join(",")];
  for (let i = 0; i < rows; i++) {
    const n = (i * 7919) % 997;
    const time =
      i % 13 === 0
        ? "not a time"
        : new Date(Date.UTC(2024, 2, 1) + ((i * 104729) % 500_000) * 1000).toISOString().replace("T", " ").slice(0, 19);
    const cells = [
      time,
      i % 3 === 0 ? ` ws-${n % 50} ` : `WS-${n % 50}`,
      i % 5 === 0 ? `010.000.${n % 4}.${n % 200}` : `10.0.${n % 4}.${n % 200}`,
      i % 4 === 0 ? `Evil${n % 300}[.]Example.COM` : `evil${n % 300}.example.com`,
      (i % 2 === 0 ? "ABCDEF" : "abcdef") + String(n).padStart(26, "0"),
      [
        `C:\\Windows\\System32\\cmd.exe /c "echo ${i}"`,
        `tab\there`,
        `line\nbreak\r\nand more`,
        "Zürich 😀 \u2028",
        "\u0001\u001f",
        "back\\",
      ][i % 6],
      String(i),
      "",
      `p${i % 3}`,
      "",
      i % 17 === 0 ? "note" : "",
    ];
    if (i % 11 === 0) cells.push("extra cell", "and another");
    if (i % 19 === 0) cells.length = 4;
    lines.push(cells.map(csvField).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

describe("importCsv on a real database", () => {
  it("stores each row's data and normalized_data exactly as JSON.stringify of the profiler's objects", async () => {
    const text = trickyExport(3000);
    const { dataset, paddedRows, extendedRows } = await services.ingest.importCsv({ huntId, filename: "tricky.csv", source: source(text) });
    const { rows, profiler } = await rowsOf(text);
    expect(dataset.rowCount).toBe(3000);
    expect([paddedRows, extendedRows]).toEqual([profiler.profile().paddedRows, profiler.profile().extendedRows]);
    expect(paddedRows).toBeGreaterThan(0);
    expect(extendedRows).toBeGreaterThan(0);
    const stored: Array<{ row_index: number; data: string; normalized: string }> = await database.dataSource.query(
      `SELECT row_index, data::text AS data, normalized_data::text AS normalized FROM dataset_rows WHERE dataset_id = $1 ORDER BY row_index`,
      [dataset.id],
    );
    expect(stored).toHaveLength(rows.length);
    for (const [i, row] of rows.entries()) {
      expect(stored[i]).toEqual({ row_index: row.rowIndex, data: JSON.stringify(row.data), normalized: JSON.stringify(row.normalized) });
    }
    expect(Object.keys(JSON.parse(stored[0].data))).toEqual([
      "2",
      "10",
      "Timestamp",
      "Hostname",
      "SourceIp",
      "Domain",
      "MD5",
      "CommandLine",
      "__proto__",
      "column_10",
      "Note",
    ]);
  });

  it("builds the index a value at a time would give, whether it fits in memory or is spilled and merged", async () => {
    const text = trickyExport(6000);
    const expected = await expectedIndex(text);
    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.some((entry) => entry.raw !== entry.value)).toBe(true);
    const direct = await services.ingest.importCsv({ huntId, filename: "direct.csv", source: source(text) });
    const spilled = await spilling.importCsv({ huntId, filename: "spilled.csv", source: source(text) });
    expect(await storedIndex(direct.dataset.id)).toEqual(expected);
    expect(await storedIndex(spilled.dataset.id)).toEqual(expected);
    const [{ hunts }] = await database.dataSource.query(
      `SELECT array_agg(DISTINCT hunt_id) AS hunts FROM ioc_occurrences WHERE dataset_id = ANY($1)`,
      [[direct.dataset.id, spilled.dataset.id]],
    );
    expect(hunts).toEqual([huntId]);
  });

  it("keeps the time range of the whole file, and leaves no spill file behind", async () => {
    const text = trickyExport(2000);
    const { dataset } = await spilling.importCsv({ huntId, filename: "range.csv", source: source(text) });
    const { profiler } = await rowsOf(text);
    expect([dataset.timeRangeStart, dataset.timeRangeEnd]).toEqual([profiler.profile().timeRangeStart, profiler.profile().timeRangeEnd]);
    expect(readdirSync(spillDirectory)).toEqual([]);
  });

  it("stores nothing when the file turns out bad after rows and index entries were sent", async () => {
    const before = await storedCounts(database.dataSource);
    const text = trickyExport(4000) + 'ws1,"never closed\r\n';
    await expect(spilling.importCsv({ huntId, filename: "late-error.csv", source: source(text) })).rejects.toThrow("late-error.csv line");
    await expect(services.ingest.importCsv({ huntId, filename: "late-error.csv", source: source(text) })).rejects.toThrow(
      "a quoted field is never closed",
    );
    expect(await storedCounts(database.dataSource)).toEqual(before);
    expect(readdirSync(spillDirectory)).toEqual([]);
    // The connection is usable afterwards.
    const { dataset } = await spilling.importCsv({ huntId, filename: "after.csv", source: source(trickyExport(50)) });
    expect(dataset.rowCount).toBe(50);
  });

  it("stores nothing when the database refuses what it is sent, and goes on serving imports", async () => {
    // Past the 64 KiB the binary check reads, a NUL in a host name: text columns cannot hold one.
    const text = trickyExport(3000) + "2024-03-01 00:00:00,WS\u0000X,10.0.0.1,a.example,0\r\n";
    for (const service of [services.ingest, spilling]) {
      const before = await storedCounts(database.dataSource);
      await expect(service.importCsv({ huntId, filename: "nul.csv", source: source(text) })).rejects.toThrow();
      expect(await storedCounts(database.dataSource)).toEqual(before);
      const { dataset } = await service.importCsv({ huntId, filename: "fine.csv", source: source(trickyExport(30)) });
      expect(dataset.rowCount).toBe(30);
    }
    expect(readdirSync(spillDirectory)).toEqual([]);
  });

  it("stores nothing when cancelled midway", async () => {
    const before = await storedCounts(database.dataSource);
    const controller = new AbortController();
    const text = trickyExport(20_000);
    const promise = spilling.importCsv({
      huntId,
      filename: "cancelled.csv",
      source: source(text, 4096),
      signal: controller.signal,
      onProgress: ({ rows }) => rows > 5_000 && controller.abort(new Error("stop")),
    });
    await expect(promise).rejects.toThrow("stop");
    expect(await storedCounts(database.dataSource)).toEqual(before);
    expect(readdirSync(spillDirectory)).toEqual([]);
  });
});
