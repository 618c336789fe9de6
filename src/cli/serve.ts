// `huntgraph serve`: opens the database, starts the HTTP server, and drains it on SIGTERM or SIGINT.
import type { Config } from "../config";
import { type Database, openDatabase } from "../database/data-source";
import { seedDemo } from "../demo/seed";
import { type ServerOptions, startServer } from "../server/app";
import { logger } from "../shared/logger";
import { openConfigured } from "./database";
import type { CliOutput } from "./output";

const startedAt = performance.now();

export interface ServeOptions {
  port?: number;
  host?: string;
  demo?: boolean;
  migrate?: boolean;
}

/** Names the reindex an upgrade requires: correlation meanwhile compares those datasets' values in their old forms. */
async function warnOfStaleIndex(database: Database): Promise<void> {
  const [{ count }] = await database.dataSource.query(`SELECT count(*)::int AS count FROM huntgraph_reindex_required`);
  if (count === 0) return;
  logger.warn(
    { datasets: count },
    `${count} ${count === 1 ? "dataset was" : "datasets were"} indexed before host prevalence and the complete canonical forms: ` +
      "run `huntgraph reindex` (until then their values correlate in their old forms, without host counts)",
  );
}

/** How the server opens its read replica (DATABASE_READ_URL), on the primary's schema; undefined without one. */
function readReplica(config: Config): ServerOptions["replica"] {
  const { database } = config;
  if (database.kind !== "postgres" || !database.readUrl) return undefined;
  const replica = { kind: "postgres" as const, url: database.readUrl, schema: database.schema, replica: true };
  return { open: () => openDatabase(replica, { statementTimeoutMs: config.statementTimeoutMs }), maxLagMs: config.replicaMaxLagMs };
}

export async function serve(config: Config, options: ServeOptions, out: CliOutput): Promise<void> {
  const database = await openConfigured(config.database, options.migrate ?? false, config.bundledWarninglists, config.statementTimeoutMs);
  await warnOfStaleIndex(database);
  if (options.demo) await seedDemo(database);
  const host = options.host ?? config.host;
  const server = await startServer(database, {
    host,
    port: options.port ?? config.port,
    queryLimits: config.queryLimits,
    uploadLimits: config.uploadLimits,
    maxImports: config.maxImports,
    tokens: config.tokens,
    corsOrigins: config.corsOrigins,
    introspection: config.introspection,
    graphiql: config.graphiql,
    slowRequestMs: config.slowRequestMs,
    shutdownMs: config.shutdownMs,
    webhook: config.webhook,
    replica: readReplica(config),
  });
  if (!config.tokens) logger.info("authentication is off (no JWT_SECRET): every caller on this machine is an admin");
  database.lock?.advertise(server.url);
  const coldStartMs = Math.round(performance.now() - startedAt);
  logger.info({ url: server.url, database: database.kind, coldStartMs }, "huntgraph is listening");
  out.line(`huntgraph ready in ${coldStartMs} ms on ${database.kind}: GraphiQL at ${server.url}/graphiql, API at ${server.url}/graphql`);
  const shutdown = (signal: string) => {
    logger.info(
      { signal, deadlineMs: config.shutdownMs },
      "stopping: no new requests; those in flight finish until the deadline, then the database closes",
    );
    server.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, "unclean shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
