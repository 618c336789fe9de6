// `huntgraph`: the command line. serve, migrate, and the data commands.
import "reflect-metadata";
import { Command, InvalidArgumentError, Option } from "commander";
import { GraphQLError } from "graphql";
import { ConfigError, IN_MEMORY, loadConfig } from "../config";
import { migrate, openDatabase } from "../database/data-source";
import { seedDemo } from "../demo/seed";
import { startServer } from "../server/app";
import { logger } from "../shared/logger";
import { CliError, openConfigured } from "./database";
import { importFiles, type ImportOptions } from "./import";
import { reindexDatasets, type ReindexOptions } from "./reindex";

const startedAt = performance.now();

function portNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535");
  return value;
}

const program = new Command()
  .name("huntgraph")
  .description('GraphQL server that answers "what connects these hunts?"')
  .option("--in-memory", "use an embedded database that lives only as long as the process (ignores DATABASE_URL)");

function config() {
  const { inMemory } = program.opts<{ inMemory?: boolean }>();
  return loadConfig(inMemory ? { ...process.env, DATABASE_URL: "", HUNTGRAPH_DATA_DIR: IN_MEMORY } : process.env);
}

program
  .command("serve")
  .description("run the GraphQL server (GraphiQL at /graphiql)")
  .option("-p, --port <port>", "port to listen on (default: $PORT or 4000)", portNumber)
  .option("-H, --host <host>", "address to listen on (default: $HOST or 127.0.0.1)")
  .option("--demo", "load a small demo (hunts that share indicators) into an empty database")
  .option("--migrate", "on PostgreSQL, apply pending migrations before serving")
  .action(async (options: { port?: number; host?: string; demo?: boolean; migrate?: boolean }) => {
    const cfg = config();
    const database = await openConfigured(cfg.database, options.migrate ?? false);
    if (options.demo) await seedDemo(database);
    const server = await startServer(database, { host: options.host ?? cfg.host, port: options.port ?? cfg.port });
    const coldStartMs = Math.round(performance.now() - startedAt);
    logger.info({ url: server.url, database: database.kind, coldStartMs }, "huntgraph is listening");
    console.log(
      `huntgraph ready in ${coldStartMs} ms on ${database.kind}: GraphiQL at ${server.url}/graphiql, API at ${server.url}/graphql`,
    );
    const shutdown = (signal: string) => {
      logger.info({ signal }, "draining in-flight requests and closing the database");
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
  });

program
  .command("migrate")
  .description("bring the database to the current schema (also upgrades a database created by ThreatHunt)")
  .action(async () => {
    const database = await openDatabase(config().database);
    try {
      const ran = await migrate(database.dataSource);
      console.log(ran.length > 0 ? `applied ${ran.length} migration(s): ${ran.join(", ")}` : "the database is up to date");
    } finally {
      await database.close();
    }
  });

program
  .command("import")
  .description("import CSV exports into a hunt, each file as one dataset (all of it or nothing)")
  .requiredOption("--hunt <hunt>", "the hunt: its id, or its exact name")
  .option("--create-hunt", "create the hunt if no hunt has that name")
  .option("--source-tool <tool>", "tool that produced the exports (velociraptor, osquery, sysmon, ...)")
  .argument("<files...>", "CSV files")
  .action(async (files: string[], options: ImportOptions) => {
    const database = await openConfigured(config().database, false);
    try {
      await importFiles(database, files, options);
    } finally {
      await database.close();
    }
  });

program
  .command("reindex")
  .description(
    "rebuild the occurrence index from the stored rows (for datasets that ThreatHunt imported), each dataset in its own transaction",
  )
  .addOption(new Option("--dataset <ids...>", "only these datasets (default: every dataset)").conflicts("hunt"))
  .option("--hunt <hunt>", "only the datasets of this hunt: its id, or its exact name")
  .action(async (options: ReindexOptions) => {
    const database = await openConfigured(config().database, false);
    try {
      await reindexDatasets(database, options);
    } finally {
      await database.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CliError || error instanceof GraphQLError) {
    console.error(`huntgraph: ${error.message}`);
  } else {
    logger.error({ err: error }, "huntgraph failed");
    console.error(`huntgraph: ${(error as Error).message ?? error}`);
  }
  process.exit(1);
});
