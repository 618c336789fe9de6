// Bulk loading of dataset_rows with COPY, inside the import's transaction: a COPY stream on
// PostgreSQL, and COPY from an in-memory blob on PGlite (which has no COPY FROM STDIN).
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { COPY_ROWS, COPY_ROWS_FROM_BLOB } from "./ingest.sql";

export interface RowWriter {
  write(datasetId: string, rowIndex: number, data: object, normalized: object): Promise<void> | void;
  /**
   * Flushes what is buffered and waits until the database has every row written so far. The connection
   * is then free for other statements; a later write starts a new COPY.
   */
  flush(): Promise<void>;
  /** Abandons the load (the transaction is rolled back by the caller). */
  abort(): void;
}

/** COPY text format: JSON.stringify escapes every control character, so only backslashes need doubling. */
function copyLine(datasetId: string, rowIndex: number, data: object, normalized: object): string {
  const json = (value: object) => JSON.stringify(value).replace(/\\/g, "\\\\");
  return `${datasetId}\t${rowIndex}\t${json(data)}\t${json(normalized)}\n`;
}

export function postgresRowWriter(client: PoolClient): RowWriter {
  let copy: { stream: Writable; failed: Promise<never> } | undefined;
  const open = () => {
    const stream: Writable = client.query(copyFrom(COPY_ROWS));
    const failed = new Promise<never>((_, reject) => stream.once("error", reject));
    failed.catch(() => undefined);
    return { stream, failed };
  };
  return {
    async write(datasetId, rowIndex, data, normalized) {
      copy ??= open();
      if (!copy.stream.write(copyLine(datasetId, rowIndex, data, normalized))) {
        await Promise.race([once(copy.stream, "drain"), copy.failed]);
      }
    },
    async flush() {
      if (!copy) return;
      const { stream, failed } = copy;
      copy = undefined;
      stream.end();
      await Promise.race([once(stream, "finish"), failed]);
    },
    abort() {
      copy?.stream.destroy(new Error("import aborted"));
      copy = undefined;
    },
  };
}

/** Rows are buffered into blobs of about this many bytes, each loaded with one COPY. */
const PGLITE_CHUNK_BYTES = 8 * 1024 * 1024;

export function pgliteRowWriter(pglite: PGlite): RowWriter {
  let lines: string[] = [];
  let size = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const blob = new Blob(lines);
    lines = [];
    size = 0;
    await pglite.query(COPY_ROWS_FROM_BLOB, [], { blob });
  };
  return {
    async write(datasetId, rowIndex, data, normalized) {
      const line = copyLine(datasetId, rowIndex, data, normalized);
      lines.push(line);
      size += line.length;
      if (size >= PGLITE_CHUNK_BYTES) await flush();
    },
    flush,
    abort() {
      lines = [];
    },
  };
}
