// Correlation's statements each read every shared value: at most HEAVY_STATEMENTS of them run at once in
// this process, the others wait here (in memory, not for a connection). A request with many overlap
// fields, or many clients at once, cannot take the whole pool: the rest of it stays free for the light
// reads (hunt lists, sightings, the per-item loaders) and for imports. On PostgreSQL a statement whose
// client has gone away is cancelled in the database (pg_cancel_backend); the embedded database runs
// statements in this process, where there is nothing to cancel them with.
import pLimit from "p-limit";
import type { DataSource, QueryRunner } from "typeorm";

/** node-postgres's pool holds 10 connections by default; this leaves 4 for everything else. */
const HEAVY_STATEMENTS = 6;

const limit = pLimit(HEAVY_STATEMENTS);

/** Each pooled connection's server process, asked once. */
const backendPids = new WeakMap<object, number>();

export class HeavyWork {
  constructor(
    private readonly db: DataSource,
    /** Whether a statement can be cancelled in the database (PostgreSQL, not PGlite). */
    private readonly cancellable: boolean,
  ) {}

  /** Runs a heavy statement when a slot is free; `signal` aborted cancels it, waiting or running. */
  query<T>(query: string, parameters: unknown[], signal?: AbortSignal): Promise<T> {
    return limit(() => {
      signal?.throwIfAborted();
      return signal && this.cancellable ? this.cancellableQuery<T>(query, parameters, signal) : this.db.query<T>(query, parameters);
    });
  }

  private async cancellableQuery<T>(query: string, parameters: unknown[], signal: AbortSignal): Promise<T> {
    const runner = this.db.createQueryRunner();
    try {
      const pid = await backendPid(runner);
      let cancelled: Promise<unknown> | undefined;
      const cancel = () => (cancelled = this.db.query("SELECT pg_cancel_backend($1)", [pid]).catch(() => undefined));
      signal.addEventListener("abort", cancel, { once: true });
      try {
        return await runner.query(query, parameters);
      } finally {
        signal.removeEventListener("abort", cancel);
        if (cancelled) {
          // a cancel that came as the statement ended must not reach the connection's next user: a
          // statement of our own takes it
          await cancelled;
          await runner.query("SELECT 1").catch(() => undefined);
        }
      }
    } finally {
      await runner.release();
    }
  }
}

async function backendPid(runner: QueryRunner): Promise<number> {
  const connection = (await runner.connect()) as object;
  let pid = backendPids.get(connection);
  if (pid === undefined) {
    [{ pid }] = await runner.query("SELECT pg_backend_pid() AS pid");
    backendPids.set(connection, pid!);
  }
  return pid!;
}
