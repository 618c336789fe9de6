// A fresh, migrated database per test file: in-memory PGlite, or a schema of its own on the
// PostgreSQL server named by DATABASE_URL (so parallel test files never see each other's rows).
import { randomBytes } from "node:crypto";
import { type Database, migrate, type OpenOptions, openDatabase } from "../../src/database/data-source";

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function openTestDatabase(options: OpenOptions & { migrated?: boolean } = {}): Promise<Database> {
  const database = onPostgres ? await openPostgresSchema(options) : await openDatabase({ kind: "pglite", dataDir: undefined }, options);
  if (options.migrated ?? true) await migrate(database.dataSource);
  return database;
}

async function openPostgresSchema(options: OpenOptions): Promise<Database> {
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const database = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL as string, schema }, options);
  return {
    ...database,
    close: async () => {
      await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await database.close();
    },
  };
}
