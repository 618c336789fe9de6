// Bulk loading inside the import's transaction: rows and occurrence-index entries are formatted as COPY
// text here, and sent with a COPY stream on PostgreSQL or COPY from an in-memory blob on PGlite (which has
// no COPY FROM STDIN).
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { QueryRunner } from "typeorm";
import type { OccurrenceEntry } from "./occurrence-index";

/**
 * Sends COPY text to the database. `write` takes whole lines and gathers them into chunks; when a chunk is
 * full it sends it and returns the promise of that send, which the caller awaits (backpressure). `flush`
 * sends the rest; after it the connection is free for other statements, and a later write starts a new COPY.
 */
export interface CopyWriter {
  write(text: string): Promise<void> | undefined;
  /** Sends what is gathered and waits until the database has every line written so far. */
  flush(): Promise<void>;
  /** Abandons the load (the transaction is rolled back by the caller). */
  abort(): void;
}

/** Opens CopyWriters for COPY statements on the import's connection. */
export interface CopyTarget {
  writer(copyStatement: string): CopyWriter;
}

/** How a target moves chunks of COPY text: `send` one, `end` the COPY after the last, or `abort` it. */
interface ChunkSink {
  send(text: string): Promise<void>;
  end(): Promise<void>;
  abort(): void;
}

/** A CopyWriter that hands `sink` the lines in chunks of at least `chunkChars` characters. */
function chunkedWriter(chunkChars: number, sink: ChunkSink): CopyWriter {
  let chunk = "";
  return {
    write(text) {
      chunk += text;
      if (chunk.length < chunkChars) return undefined;
      const full = chunk;
      chunk = "";
      return sink.send(full);
    },
    async flush() {
      const rest = chunk;
      chunk = "";
      if (rest) await sink.send(rest);
      await sink.end();
    },
    abort() {
      chunk = "";
      sink.abort();
    },
  };
}

/** COPY inside the transaction of a query runner: on its own pg client, or on the embedded database's one session. */
export function queryRunnerCopyTarget(runner: QueryRunner, pglite: PGlite | undefined): CopyTarget {
  if (pglite) return pgliteCopyTarget(pglite);
  return postgresCopyTarget((runner as unknown as { databaseConnection: PoolClient }).databaseConnection);
}

/**
 * Text a PostgreSQL COPY stream is handed at a time. Small chunks keep the strings being built young:
 * bigger ones survive garbage collections and cost more to collect, and save nothing in the stream.
 */
const STREAM_CHUNK_CHARS = 256 << 10;
/** COPY data buffered ahead of the server before the import waits for it to catch up. */
const STREAM_HIGH_WATER_MARK = 8 << 20;

/** COPY FROM STDIN on the query runner's own pg client, so that it runs inside the import's transaction. */
function postgresCopyTarget(client: PoolClient): CopyTarget {
  return {
    writer(statement) {
      let copy: { stream: Writable; failed: Promise<never>; errored: boolean } | undefined;
      const open = () => {
        const stream: Writable = client.query(copyFrom(statement, { highWaterMark: STREAM_HIGH_WATER_MARK }));
        const opened = { stream, failed: undefined as unknown as Promise<never>, errored: false };
        opened.failed = new Promise<never>((_, reject) =>
          stream.once("error", (error) => {
            opened.errored = true;
            reject(error);
          }),
        );
        opened.failed.catch(() => undefined);
        return opened;
      };
      return chunkedWriter(STREAM_CHUNK_CHARS, {
        async send(text) {
          copy ??= open();
          if (!copy.stream.write(text)) await Promise.race([once(copy.stream, "drain"), copy.failed]);
        },
        async end() {
          if (!copy) return;
          const { stream, failed } = copy;
          copy = undefined;
          stream.end();
          await Promise.race([once(stream, "finish"), failed]);
        },
        abort() {
          // A COPY the server failed is over (and its stream detached from the connection): only a live one is cancelled.
          if (copy && !copy.errored) copy.stream.destroy(new Error("import aborted"));
          copy = undefined;
        },
      });
    },
  };
}

/**
 * Each chunk is one COPY from a blob. A COPY's cost per row does not fall with bigger blobs (measured from
 * 256 KiB to 64 MiB), but the memory each holds grows: 256 KiB (about 400 rows of the benchmark) per COPY.
 */
const PGLITE_CHUNK_CHARS = 256 << 10;

/**
 * A Blob over bytes it does not copy. Node's Blob copies its parts into native memory that V8 does not
 * count, so the blobs of thousands of COPYs linger until a major garbage collection happens to come
 * (measured: 250 MB more peak RSS over a 1,000,000-row import). PGlite only reads a blob through
 * arrayBuffer(), which this serves; `size` and the other methods see an empty blob.
 */
export class BytesBlob extends Blob {
  constructor(private readonly content: ArrayBuffer) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.content);
  }
}

/** The UTF-8 bytes of a text in an ArrayBuffer of their own. */
function utf8ArrayBuffer(text: string): ArrayBuffer {
  const bytes = Buffer.from(text);
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes.buffer as ArrayBuffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}

/** COPY from an in-memory blob on the embedded database (the session is the import's). */
function pgliteCopyTarget(pglite: PGlite): CopyTarget {
  return {
    writer(statement) {
      const statementFromBlob = statement.replace(/ FROM STDIN$/, " FROM '/dev/blob'");
      return chunkedWriter(PGLITE_CHUNK_CHARS, {
        async send(text) {
          await pglite.query(statementFromBlob, [], { blob: new BytesBlob(utf8ArrayBuffer(text)) });
        },
        end: async () => undefined,
        abort: () => undefined,
      });
    },
  };
}

// eslint-disable-next-line no-control-regex -- JSON escapes control characters: finding them is the point
const JSON_OR_COPY_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as it appears between the quotes of its JSON.stringify, then escaped for COPY's text format
 * (which leaves JSON's escapes to backslashes only, as JSON has no raw control characters: every
 * backslash is doubled). Most values need neither and come back as they are.
 */
export function copyJsonString(value: string): string {
  if (!JSON_OR_COPY_SPECIAL.test(value)) return value;
  return JSON.stringify(value).slice(1, -1).replace(/\\/g, "\\\\");
}

/** A text value in COPY's text format: backslash, tab, line feed and carriage return escaped. */
export function copyText(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** A key order and the pieces of JSON between values, for the rows of one width. */
interface RowTemplate {
  dataOrder: Int32Array;
  dataParts: string[];
  normalizedOrder: Int32Array;
  normalizedParts: string[];
}

/**
 * Formats dataset rows as lines of `COPY dataset_rows (dataset_id, row_index, data, normalized_data)`:
 * `data` is exactly JSON.stringify of the row as raw column → value in header order (the columns the row
 * has), and `normalized_data` of the row keyed by canonical names instead, both written without building
 * the objects. Keys are placed as JavaScript objects place them: integer-like keys ("0", "17") first in ascending
 * order, then the others in insertion order; a repeated key keeps its first place and its last value.
 */
export class CopyRowEncoder {
  private readonly prefix: string;
  /** Templates by row width; the columns only ever grow at the end, so a width's template never changes. */
  private readonly templates: (RowTemplate | undefined)[] = [];
  private readonly escaped: string[] = [];

  constructor(
    datasetId: string,
    /** Raw column names in cell order (grows when longer rows add extra columns). */
    private readonly columns: readonly string[],
    /** Raw column name → canonical name. */
    private readonly mapping: Record<string, string>,
  ) {
    this.prefix = `${copyText(datasetId)}\t`;
  }

  /** One row's COPY line, with its line feed. */
  line(rowIndex: number, cells: readonly string[]): string {
    const width = cells.length;
    const template = this.templates[width] ?? this.template(width);
    const escaped = this.escaped;
    for (let i = 0; i < width; i++) escaped[i] = copyJsonString(cells[i]);
    const { dataOrder, dataParts, normalizedOrder, normalizedParts } = template;
    let line = this.prefix + rowIndex + "\t";
    for (let k = 0; k < dataOrder.length; k++) line += dataParts[k] + escaped[dataOrder[k]];
    line += dataParts[dataOrder.length] + "\t";
    for (let k = 0; k < normalizedOrder.length; k++) line += normalizedParts[k] + escaped[normalizedOrder[k]];
    return line + normalizedParts[normalizedOrder.length] + "\n";
  }

  private template(width: number): RowTemplate {
    if (this.columns.length < width) throw new Error(`row of ${width} cells, but only ${this.columns.length} columns`);
    const names = this.columns.slice(0, width);
    const [dataOrder, dataParts] = jsonObjectTemplate(names);
    const [normalizedOrder, normalizedParts] = jsonObjectTemplate(names.map((name) => this.mapping[name]));
    const template = { dataOrder, dataParts, normalizedOrder, normalizedParts };
    this.templates[width] = template;
    return template;
  }
}

/**
 * For an object built by assigning value i to keys[i] in order: which value each of its keys ends up with,
 * in JSON.stringify's order, and the JSON text around the values (COPY-escaped), one piece more than keys.
 */
function jsonObjectTemplate(keys: readonly string[]): [Int32Array, string[]] {
  const positions: Record<string, number> = {};
  for (let i = 0; i < keys.length; i++) {
    // Names come from uploaded files: "__proto__" must be an own key, not the prototype.
    Object.defineProperty(positions, keys[i], { value: i, enumerable: true, writable: true, configurable: true });
  }
  const ordered = Object.keys(positions);
  const order = Int32Array.from(ordered, (key) => positions[key]);
  if (ordered.length === 0) return [order, ["{}"]];
  const parts = ordered.map((key, k) => `${k === 0 ? "{" : '",'}${copyJsonKey(key)}:"`);
  parts.push('"}');
  return [order, parts];
}

function copyJsonKey(key: string): string {
  return JSON.stringify(key).replace(/\\/g, "\\\\");
}

/** Formats occurrence-index entries as lines of COPY_OCCURRENCES (see ingest.sql). */
export class CopyOccurrenceEncoder {
  private readonly prefix: string;
  private readonly time = new TimestampFormatter();

  constructor(datasetId: string, huntId: string | null) {
    this.prefix = `${copyText(datasetId)}\t${huntId === null ? "\\N" : copyText(huntId)}\t`;
  }

  /** dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen. */
  line(entry: OccurrenceEntry): string {
    return (
      `${this.prefix}${copyText(entry.column)}\t${entry.type}\t${entry.fromIocColumn ? "t" : "f"}\t${copyText(entry.value)}\t${copyText(entry.raw)}\t` +
      `${entry.occurrences}\t${entry.firstRowIndex}\t${this.time.format(entry.firstSeen)}\t${this.time.format(entry.lastSeen)}\n`
    );
  }
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch as COPY text of a timestamptz in UTC ("2024-03-01 12:00:05.250+00"), \N for
 * NaN. Dates are cached: an import's timestamps span few days.
 */
export class TimestampFormatter {
  private readonly dates = new Map<number, string>();

  format(time: number): string {
    if (Number.isNaN(time)) return "\\N";
    const day = Math.floor(time / DAY_MS);
    let date = this.dates.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (this.dates.size >= 4096) this.dates.clear();
      this.dates.set(day, date);
    }
    const ms = time - day * DAY_MS;
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.floor(ms / 60_000) % 60;
    const seconds = Math.floor(ms / 1000) % 60;
    const millis = ms % 1000;
    return `${date} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}+00`;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
