// "All or nothing": an import that is killed, cancelled or fails part-way leaves no dataset, row or index
// entry behind, even after it has written thousands of rows; two imports into one hunt at once both land.
import { once } from "node:events";
import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { DataSource } from "typeorm";
import { writeExport } from "../../../../bench/generate";
import { type Database, migrate } from "../../../../src/database/data-source";
import { createServices, type Services } from "../../../../src/modules/services";
import { IngestError } from "../../../../src/shared/errors";
import { type CliDatabase, cliDatabase, spawnCli, writeExportFile } from "../../../support/cli";
import { onPostgres, openTestDatabase } from "../../../support/database";
import { exportOptions, generatedExport, occurrencesOf, storedCounts, storedOf } from "../../../support/ingest";

const NETSTAT = join(__dirname, "../../../fixtures/velociraptor-netstat.csv");

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(os.tmpdir(), "huntgraph-atomicity-"));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Bytes on disk of the tables an import writes. Rows written by a transaction that never commits stay in
 * the table's pages until a vacuum: a table that grew while its row count did not shows that an import
 * wrote into it and that none of it survived.
 */
async function tableBytes(db: DataSource): Promise<{ rows: number; occurrences: number }> {
  const [sizes] = await db.query(
    `SELECT pg_relation_size('dataset_rows')::int AS rows, pg_relation_size('ioc_occurrences')::int AS occurrences`,
  );
  return sizes;
}

/**
 * After an import that wrote rows and did not commit: on PostgreSQL the dead rows stay in the pages until
 * autovacuum (off for these tables), proof that the import had written them; the embedded database, which
 * has no autovacuum, vacuums them at once (after a failure in process, or when it opens after a kill), so
 * its tables are back to their size before.
 */
async function expectDeadRowsHandled(db: DataSource, before: { rows: number }): Promise<void> {
  const after = await tableBytes(db);
  if (onPostgres) expect(after.rows).toBeGreaterThan(before.rows);
  else expect(after.rows).toBeLessThanOrEqual(before.rows);
}

/** On PostgreSQL, autovacuum could truncate a rolled-back import's pages before the test measures them. */
async function keepDeadRows(db: DataSource): Promise<void> {
  if (!onPostgres) return; // PGlite runs no autovacuum
  await db.query(`ALTER TABLE dataset_rows SET (autovacuum_enabled = false)`);
  await db.query(`ALTER TABLE ioc_occurrences SET (autovacuum_enabled = false)`);
}

/** A JSON log line of the CLI; undefined for anything else it may print. */
function logEntry(line: string): { msg?: string; rows?: number } | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

describe("an import killed mid-file", () => {
  let cli: CliDatabase;
  afterAll(() => cli?.remove());

  it("leaves no dataset, row or index entry, and the hunt and dataset stored before it intact", async () => {
    cli = cliDatabase();
    const file = join(workDir, "killed.csv");
    const generated = writeExportFile(file, 300_000, 1, "KILL");

    // Before: a hunt with one dataset, committed.
    let before: { huntId: string; datasetId: string; occurrences: unknown; counts: unknown; bytes: { rows: number; occurrences: number } };
    {
      const database = await cli.open();
      try {
        await migrate(database.dataSource);
        await keepDeadRows(database.dataSource);
        const services = createServices(database);
        const hunt = await services.hunts.create({ name: "Operation Nightfall" });
        const { dataset } = await services.ingest.importCsv({
          huntId: hunt.id,
          filename: "netstat.csv",
          source: createReadStream(NETSTAT),
        });
        before = {
          huntId: hunt.id,
          datasetId: dataset.id,
          occurrences: await occurrencesOf(database.dataSource, dataset.id),
          counts: await storedCounts(database.dataSource),
          bytes: await tableBytes(database.dataSource),
        };
      } finally {
        await database.close();
      }
    }
    expect(before.counts).toEqual({ datasets: 1, rows: 8, occurrences: 9 });
    await generated;

    // The import, killed once it reports 20,000 rows imported (of 300,000).
    const child = spawnCli(["import", "--hunt", before.huntId, file], { ...cli.env, LOG_LEVEL: "debug" });
    const progress: number[] = [];
    let stderr = "";
    let pending = "";
    const exited = once(child, "close");
    await new Promise<void>((resolve, reject) => {
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const lines = (pending + chunk).split("\n");
        pending = lines.pop()!;
        for (const line of lines) {
          const entry = logEntry(line);
          if (entry?.msg === "importing" && entry.rows !== undefined) progress.push(entry.rows);
        }
        if (progress.some((rows) => rows >= 20_000)) resolve();
      });
      exited.then(([code]) => reject(new Error(`the import ended (exit code ${code}) before it was killed:\n${stderr}`)));
    });
    child.kill("SIGKILL");
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, "SIGKILL"]);
    expect(Math.max(...progress)).toBeLessThan(300_000);

    // After: the same database, opened afresh (PGlite recovers from the crash).
    const database = await cli.open();
    try {
      const db = database.dataSource;
      expect(await storedCounts(db)).toEqual(before.counts);
      expect(await db.query(`SELECT count(*)::int AS killed FROM datasets WHERE filename = 'killed.csv'`)).toEqual([{ killed: 0 }]);
      // It had written rows; not one is visible.
      await expectDeadRowsHandled(db, before.bytes);
      expect(await db.query(`SELECT id, name FROM hunts`)).toEqual([{ id: before.huntId, name: "Operation Nightfall" }]);
      expect(await storedOf(db, before.datasetId)).toEqual({ datasets: 1, rows: 8, occurrences: 9 });
      expect(await occurrencesOf(db, before.datasetId)).toEqual(before.occurrences);
    } finally {
      await database.close();
    }
  });
});

describe("in one process", () => {
  let database: Database;
  let services: Services;
  let huntId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    await keepDeadRows(database.dataSource);
    services = createServices(database);
    huntId = (await services.hunts.create({ name: "Operation Nightfall" })).id;
  });
  afterAll(() => database.close());

  it("a cancelled import rejects and leaves nothing, though it had written rows", async () => {
    const before = await storedCounts(database.dataSource);
    const bytesBefore = await tableBytes(database.dataSource);
    const cancel = new AbortController();
    const progress: number[] = [];
    const imported = services.ingest.importCsv({
      huntId,
      filename: "cancelled.csv",
      source: generatedExport(200_000, 2),
      signal: cancel.signal,
      onProgress: ({ rows }) => {
        progress.push(rows);
        if (rows >= 20_000) cancel.abort();
      },
    });
    await expect(imported).rejects.toMatchObject({ name: "AbortError" });
    expect(Math.max(...progress)).toBeGreaterThanOrEqual(20_000);
    expect(Math.max(...progress)).toBeLessThan(200_000);
    expect(await storedCounts(database.dataSource)).toEqual(before);
    await expectDeadRowsHandled(database.dataSource, bytesBefore);
  });

  it("an import cancelled before it starts rejects and leaves nothing", async () => {
    const before = await storedCounts(database.dataSource);
    const cancel = new AbortController();
    cancel.abort();
    await expect(
      services.ingest.importCsv({ huntId, filename: "never.csv", source: createReadStream(NETSTAT), signal: cancel.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("a file that turns bad after 20,000 good rows fails with its line, and leaves nothing", async () => {
    const before = await storedCounts(database.dataSource);
    const bytesBefore = await tableBytes(database.dataSource);
    // Line 1 is the header, lines 2 to 20,001 the generated rows.
    const source = Readable.from(
      (async function* () {
        yield* generatedExport(20_000, 3);
        yield Buffer.from('2024-03-01 09:00:00,HOST-1,4242,"evil"x,10.0.0.1,50000,185.220.101.34,443,ESTABLISHED,00\n');
      })(),
    );
    const error = await services.ingest.importCsv({ huntId, filename: "turns-bad.csv", source }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe(
      'turns-bad.csv line 20002: malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
    );
    expect(await storedCounts(database.dataSource)).toEqual(before);
    await expectDeadRowsHandled(database.dataSource, bytesBefore);
  });

  it("deleting a hunt during an import into it is a fast CONFLICT on PostgreSQL, and waits its turn on PGlite", async () => {
    const target = (await services.hunts.create({ name: "Being imported into" })).id;
    let rows = 0;
    const imported = services.ingest.importCsv({
      huntId: target,
      filename: "during-delete.csv",
      source: generatedExport(100_000, 4),
      onProgress: (progress) => (rows = progress.rows),
    });
    let importEnded = false;
    imported.finally(() => (importEnded = true)).catch(() => undefined);
    while (rows < 10_000) await new Promise((resolve) => setTimeout(resolve, 10));
    const deleted = services.hunts.delete(target).then(
      () => "deleted",
      (error: unknown) => error,
    );
    if (onPostgres) {
      const error = await deleted;
      // at once: the import (90,000 rows to go) is still running
      expect(importEnded).toBe(false);
      expect(error).toMatchObject({
        message: `hunt ${target} is being imported into or changed right now; delete it once that has ended`,
        extensions: { code: "CONFLICT" },
      });
      const { dataset } = await imported;
      expect(dataset.rowCount).toBe(100_000);
      expect(await services.hunts.delete(target)).toBe(target);
    } else {
      // one connection: the delete runs once the import has committed, and takes its dataset along
      expect((await imported).dataset.rowCount).toBe(100_000);
      expect(await deleted).toBe("deleted");
    }
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM datasets WHERE hunt_id = $1`, [target])).toEqual([{ n: 0 }]);
  });

  it("two imports into the same hunt at once both succeed, each with its own rows and index", async () => {
    const files = [join(workDir, "first.csv"), join(workDir, "second.csv")];
    await Promise.all([
      writeExport(files[0], { ...exportOptions(41, "FIRST"), rows: 10_000 }),
      writeExport(files[1], { ...exportOptions(42, "SECOND"), rows: 10_000 }),
    ]);
    const before = await storedCounts(database.dataSource);
    const progress: Array<[file: number, rows: number]> = [];
    const results = await Promise.all(
      files.map((file, i) =>
        services.ingest.importCsv({
          huntId,
          filename: `concurrent-${i + 1}.csv`,
          source: createReadStream(file),
          onProgress: ({ rows }) => progress.push([i, rows]),
        }),
      ),
    );
    if (onPostgres) {
      // Each import has a connection of its own: each reported progress before the other one was done.
      const reporters = progress.map(([file]) => file);
      expect(reporters.indexOf(1)).toBeLessThan(reporters.lastIndexOf(0));
      expect(reporters.indexOf(0)).toBeLessThan(reporters.lastIndexOf(1));
    } // PGlite is one session: the second import waits for the first one's transaction.
    expect(results.map((r) => [r.dataset.filename, r.dataset.rowCount, r.dataset.huntId])).toEqual([
      ["concurrent-1.csv", 10_000, huntId],
      ["concurrent-2.csv", 10_000, huntId],
    ]);
    for (const [i, { dataset }] of results.entries()) {
      expect(dataset.iocColumns).toEqual({ Hostname: "hostname", "Laddr.IP": "ip", "Raddr.IP": "ip", SHA256: "hash_sha256" });
      const expected = expectedIndex(readFileSync(files[i], "utf8"));
      const stored = await occurrencesOf(database.dataSource, dataset.id);
      expect(stored.length).toBe(expected.size);
      expect(new Map(stored.map((o) => [`${o.column} ${o.value}`, [o.occurrences, o.firstRowIndex]]))).toEqual(expected);
      expect(stored.every((o) => o.huntId === huntId)).toBe(true);
      expect(await storedOf(database.dataSource, dataset.id)).toEqual({ datasets: 1, rows: 10_000, occurrences: expected.size });
    }
    const added = await storedCounts(database.dataSource);
    expect(added.datasets - before.datasets).toBe(2);
    expect(added.rows - before.rows).toBe(20_000);
  });
});

/**
 * The occurrence index of a generated export, worked out from its text alone: "column value" →
 * [occurrences, first row index] for the host-name, address and hash columns. Generated values are
 * canonical already (upper-case hosts, plain dotted quads, lower-case hashes) and never quoted.
 */
function expectedIndex(csv: string): Map<string, [number, number]> {
  const [header, ...lines] = csv.trimEnd().split("\n");
  const columns = header.split(",");
  const indexed = ["Hostname", "Laddr.IP", "Raddr.IP", "SHA256"].map((name) => [name, columns.indexOf(name)] as const);
  const index = new Map<string, [number, number]>();
  lines.forEach((line, rowIndex) => {
    const cells = line.split(",");
    for (const [name, position] of indexed) {
      const key = `${name} ${cells[position]}`;
      const entry = index.get(key);
      if (entry) entry[0] += 1;
      else index.set(key, [1, rowIndex]);
    }
  });
  return index;
}
