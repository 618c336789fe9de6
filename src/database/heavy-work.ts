// Correlation's statements each read every shared value: at most HEAVY_STATEMENTS of them run at once in
// this process, the others wait here (in memory, not for a connection). A request with many overlap
// fields, or many clients at once, cannot take the whole pool: the rest of it stays free for the light
// reads (hunt lists, sightings, the per-item loaders) and for imports.
import pLimit from "p-limit";
import type { DataSource } from "typeorm";

/** node-postgres's pool holds 10 connections by default; this leaves 4 for everything else. */
const HEAVY_STATEMENTS = 6;

const limit = pLimit(HEAVY_STATEMENTS);

/** Runs a heavy statement when one of the HEAVY_STATEMENTS slots is free. */
export function heavyQuery<T>(db: Pick<DataSource, "query">, query: string, parameters: unknown[]): Promise<T> {
  return limit(() => db.query<T>(query, parameters));
}
