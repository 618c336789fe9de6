// Opening the configured database from the CLI, with the migration policy of each kind.
import type { DatabaseConfig } from "../config";
import { type Database, migrate, openDatabase } from "../database/data-source";
import { WarninglistService } from "../modules/warninglist/warninglist.service";
import { badInput } from "../shared/errors";
import { logger } from "../shared/logger";
import { removeStaleScratch } from "../shared/scratch";

/**
 * The embedded database migrates itself: a newcomer has nothing to run. PostgreSQL is migrated
 * on purpose (`huntgraph migrate`, or `serve --migrate`); with migrations pending, other commands refuse to run.
 * Then the bundled warninglists are installed or updated, unless `bundledWarninglists` is false.
 */
export async function openConfigured(
  config: DatabaseConfig,
  forceMigrate: boolean,
  bundledWarninglists: boolean,
  statementTimeoutMs?: number,
): Promise<Database> {
  const stale = removeStaleScratch();
  if (stale.length > 0)
    logger.info({ removed: stale }, "removed the temporary files of huntgraph processes that were stopped before cleaning up");
  const database = await openDatabase(config);
  try {
    if (config.kind === "pglite" || forceMigrate) {
      const ran = await migrate(database.dataSource);
      if (ran.length > 0) logger.info({ migrations: ran }, "applied migrations");
    } else if (await database.dataSource.showMigrations()) {
      throw badInput("the PostgreSQL database has pending migrations: run `huntgraph migrate` first (or `huntgraph serve --migrate`)");
    }
    if (bundledWarninglists) await installWarninglists(database);
    if (config.kind === "pglite" || statementTimeoutMs === undefined) return database;
  } catch (error) {
    await database.close();
    throw error;
  }
  // Migrations and lists ran without it; the server's connections get the statement timeout.
  await database.close();
  return openDatabase(config, { statementTimeoutMs });
}

/** Opens the configured database (migrating it first when `forceMigrate`). */
export type OpenDatabase = (forceMigrate?: boolean) => Promise<Database>;

/** Opens the database for `action`, and closes it whatever happens. */
export async function withDatabase<T>(open: OpenDatabase, action: (database: Database) => Promise<T>): Promise<T> {
  const database = await open();
  try {
    return await action(database);
  } finally {
    await database.close();
  }
}

async function installWarninglists(database: Database): Promise<void> {
  const started = Date.now();
  const outcomes = await new WarninglistService(database.dataSource).installBundled();
  const changed = outcomes.filter((outcome) => outcome.status === "added" || outcome.status === "updated");
  if (changed.length > 0) {
    logger.info(
      { lists: changed.map((outcome) => outcome.name), ms: Date.now() - started },
      `installed ${changed.length} bundled warninglists`,
    );
  }
}
