// Opens the one DataSource the app uses: PostgreSQL when configured, else embedded PGlite.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Client } from "pg";
import { DataSource, type Logger } from "typeorm";
import type { PostgresDataSourceOptions } from "typeorm/driver/postgres/PostgresDataSourceOptions";
import { migrations } from "../../migrations";
import type { DatabaseConfig } from "../config";
import { DataDirLock } from "./data-dir-lock";
import { entities } from "./entities";
import { type Notifications, pgliteNotifications, postgresNotifications } from "./notifications";

export interface Database {
  dataSource: DataSource;
  kind: DatabaseConfig["kind"];
  /** The embedded engine, when there is one (bulk loads use its COPY from a blob). */
  pglite?: PGlite;
  /** The embedded database's lock, held while it is open (see data-dir-lock.ts). */
  lock?: DataDirLock;
  /**
   * Checks that the database answers, outside the pool (on PostgreSQL through a connection of its own), so
   * that a health check never waits behind the requests.
   */
  probe(): Promise<void>;
  /** LISTEN/NOTIFY for what every process sharing the database must hear (opened on first use). */
  notifications(): Notifications;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Receives every SQL statement; tests use it to count queries. */
  logger?: Logger;
  /** On PostgreSQL, statements longer than this are cancelled (long writes lift it for their transaction). */
  statementTimeoutMs?: number;
}

/** How long a PostgreSQL connection may take to open: an unreachable server fails requests in seconds, not minutes. */
const CONNECT_TIMEOUT_MS = 5000;

function common(options: OpenOptions): Omit<PostgresDataSourceOptions, "type"> & { type: "postgres" } {
  return {
    type: "postgres" as const,
    entities,
    migrations,
    migrationsTableName: "huntgraph_migrations",
    synchronize: false,
    migrationsRun: false,
    logger: options.logger,
    logging: options.logger ? ["query", "error"] : false,
  };
}

/**
 * Session settings of huntgraph's PostgreSQL connections. Its queries are many short index look-ups over
 * cached data: JIT compilation costs more than it saves, and random reads cost about what sequential ones
 * do, so that the planner reads the occurrence index through its index (bench/MEASUREMENTS.md).
 */
const POSTGRES_SESSION_SETTINGS = ["-c jit=off", "-c random_page_cost=1.1"];

/**
 * Server settings of the embedded database beyond PGlite's own. Its shared buffers live in the WebAssembly
 * memory, which never shrinks: small buffers keep a large import's memory down at the same speed
 * (bench/MEASUREMENTS.md).
 */
const PGLITE_SETTINGS = ["-c", "shared_buffers=16MB"];
const pgliteOptions = () => ({ startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });

/**
 * Creates the embedded database in a new data directory, in a child process. PGlite runs initdb with two
 * more WebAssembly instances in the process that creates a database and never gives their memory back
 * (bench/MEASUREMENTS.md).
 */
async function createPgliteDataDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const script = `require(${JSON.stringify(require.resolve("@electric-sql/pglite"))}).PGlite.create(process.argv[1], JSON.parse(process.argv[2]))
    .then((db) => db.close()).catch((error) => { console.error(error.message); process.exit(1); })`;
  try {
    await promisify(execFile)(process.execPath, ["-e", script, dataDir, JSON.stringify(pgliteOptions())]);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`cannot create the embedded database in ${dataDir}: ${reason}`, { cause: error });
  }
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  return config.kind === "postgres" ? openPostgres(config, options) : openPglite(config, options);
}

async function openPostgres(config: Extract<DatabaseConfig, { kind: "postgres" }>, options: OpenOptions): Promise<Database> {
  // a replica is read-only: its schema comes from the primary
  if (config.schema && !config.replica) await createSchema(config.url, config.schema);
  const dataSource = new DataSource({
    ...common(options),
    url: config.url,
    schema: config.schema,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    extra: { options: sessionOptions(config, options) },
  });
  await dataSource.initialize();
  const probe = probeConnection(config.url, sessionOptions(config, {}));
  let notifications: Notifications | undefined;
  return {
    dataSource,
    kind: "postgres",
    probe: probe.check,
    notifications: () => (notifications ??= postgresNotifications(config.url, sessionOptions(config, {}))),
    close: async () => {
      await notifications?.close();
      await probe.end();
      await dataSource.destroy();
    },
  };
}

async function openPglite(config: Extract<DatabaseConfig, { kind: "pglite" }>, options: OpenOptions): Promise<Database> {
  if (config.dataDir !== undefined && !existsSync(path.join(config.dataDir, "PG_VERSION"))) await createPgliteDataDir(config.dataDir);
  const lock = config.dataDir === undefined ? undefined : DataDirLock.acquire(config.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(config.dataDir, pgliteOptions());
  } catch (error) {
    lock?.release();
    throw error;
  }
  const dataSource = new DataSource({
    ...common(options),
    // One connection: PGlite is a single session. Inside a transaction always use its manager.
    extra: { ...createPgConfig(pglite), max: 1 },
    installExtensions: false,
    uuidExtension: "pgcrypto",
  });
  try {
    await dataSource.initialize();
    if (lock?.recovered) await reclaimSpace(dataSource);
  } catch (error) {
    await pglite.close();
    lock?.release();
    throw error;
  }
  let notifications: Notifications | undefined;
  return {
    dataSource,
    kind: "pglite",
    pglite,
    lock,
    probe: async () => void (await pglite.query("SELECT 1")),
    notifications: () => (notifications ??= pgliteNotifications(pglite)),
    close: async () => {
      try {
        await notifications?.close();
        await dataSource.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

function sessionOptions(config: { schema?: string }, options: OpenOptions): string {
  return [
    ...POSTGRES_SESSION_SETTINGS,
    ...(config.schema ? [`-c search_path=${config.schema}`] : []),
    ...(options.statementTimeoutMs ? [`-c statement_timeout=${options.statementTimeoutMs}`] : []),
  ].join(" ");
}

/** A connection of its own for health checks, opened on first use and again after a failure. */
function probeConnection(url: string, options: string) {
  let client: Client | null = null;
  const drop = () => {
    const gone = client;
    client = null;
    return gone?.end().catch(() => undefined);
  };
  return {
    async check(): Promise<void> {
      try {
        if (!client) {
          client = new Client({ connectionString: url, options, connectionTimeoutMillis: 2000, query_timeout: 2000 });
          client.on("error", () => void drop());
          await client.connect();
        }
        await client.query("SELECT 1");
      } catch (error) {
        await drop();
        throw error;
      }
    },
    end: async () => void (await drop()),
  };
}

/**
 * The tables an import writes, vacuumed after an import that did not commit: PGlite has no autovacuum, and
 * a killed import of 1,000,000 rows left 642 MB of dead rows. VACUUM skips the pages it found all visible
 * before, so it reads little more than what the import left.
 */
export async function reclaimSpace(db: Pick<DataSource, "query">): Promise<void> {
  const [{ present }] = await db.query(`SELECT to_regclass('ioc_occurrences') IS NOT NULL AS present`);
  if (present) await db.query("VACUUM dataset_rows, ioc_occurrences");
}

/** The schema must exist before the pool sets it as search_path. Its name was validated by the config. */
async function createSchema(url: string, schema: string): Promise<void> {
  const bootstrap = new DataSource({ type: "postgres", url });
  await bootstrap.initialize();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await bootstrap.destroy();
  }
}

/** Applies every pending migration; returns the names of those it ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: "each" });
  return ran.map((m) => m.name);
}
