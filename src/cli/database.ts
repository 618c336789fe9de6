// Opening the configured database from the CLI, with the migration policy of each kind.
import type { DatabaseConfig } from "../config";
import { type Database, migrate, openDatabase } from "../database/data-source";
import { badInput } from "../shared/errors";
import { logger } from "../shared/logger";

/**
 * The embedded database migrates itself: a newcomer has nothing to run. PostgreSQL is migrated
 * on purpose (`huntgraph migrate`, or `serve --migrate`); with migrations pending, other commands refuse to run.
 */
export async function openConfigured(config: DatabaseConfig, forceMigrate: boolean): Promise<Database> {
  const database = await openDatabase(config);
  try {
    if (config.kind === "pglite" || forceMigrate) {
      const ran = await migrate(database.dataSource);
      if (ran.length > 0) logger.info({ migrations: ran }, "applied migrations");
    } else if (await database.dataSource.showMigrations()) {
      throw badInput("the PostgreSQL database has pending migrations: run `huntgraph migrate` first (or `huntgraph serve --migrate`)");
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
