// What some transactions need: row locks had at once or not at all, and no statement timeout for writes
// that take as long as their data (imports, reindexing, deletes).
import type { EntityManager } from "typeorm";
import { conflict, sqlState } from "../shared/errors";

/**
 * Takes the row of `id` in `table` for a delete, at once or not at all: an import holds its hunt's row
 * (and a reindex its dataset's) until it commits, and a delete that waited for it would fail at the end.
 */
export async function lockForDelete(tx: EntityManager, table: "hunts" | "datasets", id: string, busy: string): Promise<void> {
  try {
    await tx.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE NOWAIT`, [id]);
  } catch (error) {
    // 55P03: lock_not_available
    if (sqlState(error) === "55P03") throw conflict(busy);
    throw error;
  }
}

/**
 * Lifts the server's statement timeout (HUNTGRAPH_STATEMENT_TIMEOUT_SECONDS) for the rest of the
 * transaction: an import of millions of rows, or the delete of a hunt holding them, takes as long as it
 * takes, and is bounded by its input instead.
 */
export async function withoutStatementTimeout(tx: Pick<EntityManager, "query">): Promise<void> {
  await tx.query("SET LOCAL statement_timeout = 0");
}
