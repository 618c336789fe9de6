// COPY inside a transaction: lines of COPY text gathered into chunks and sent with a COPY stream on
// PostgreSQL, or with COPY from an in-memory blob on PGlite (which has no COPY FROM STDIN).
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { QueryRunner } from "typeorm";

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

/**
 * COPY inside the transaction of a query runner: on its own pg client (which a connected runner's
 * connect() returns), or on the embedded database's one session.
 */
export async function queryRunnerCopyTarget(runner: QueryRunner, pglite: PGlite | undefined): Promise<CopyTarget> {
  if (pglite) return pgliteCopyTarget(pglite);
  return postgresCopyTarget((await runner.connect()) as PoolClient);
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

/** Each chunk is one COPY from a blob: bigger blobs cost more memory and save no time (bench/MEASUREMENTS.md). */
const PGLITE_CHUNK_CHARS = 256 << 10;

/**
 * A Blob over bytes it does not copy. Node's Blob copies its parts into native memory that V8 does not
 * count, so the blobs of thousands of COPYs linger until a major garbage collection happens to come
 * (bench/MEASUREMENTS.md). PGlite only reads a blob through arrayBuffer(), which this serves; `size` and
 * the other methods see an empty blob.
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
