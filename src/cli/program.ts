// `huntgraph`: the command line as a function of its arguments, environment and output streams, so that
// tests run it in process. bin/huntgraph and main.ts call it for the real process.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type Config, ConfigError, type DatabaseConfig, loadConfig } from "../config";
import { DataDirInUse, setLockCommand } from "../database/data-dir-lock";
import { migrate, openDatabase } from "../database/data-source";
import { errorCode } from "../shared/errors";
import { configureLogger, logger } from "../shared/logger";
import { addTokenCommands, addUserCommands } from "./access";
import { connectionProblem } from "./connection-errors";
import { type OpenDatabase, openConfigured, withDatabase } from "./database";
import { addDispositionCommands } from "./dispositions";
import { addHuntCommands } from "./hunt";
import { importFiles, type ImportOptions } from "./import";
import { importThroughServer } from "./import-remote";
import type { CliOutput } from "./output";
import { reindexDatasets, type ReindexOptions } from "./reindex";
import { reindexThroughServer } from "./reindex-remote";
import { serve, type ServeOptions } from "./serve";
import { ENVIRONMENT_HELP, huntgraphVersion } from "./version";
import { addWarninglistCommands } from "./warninglists";

function portNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535");
  return value;
}

/** The commands, bound to one configuration and one output. */
function buildProgram(loaded: Config, out: CliOutput, env: NodeJS.ProcessEnv): Command {
  const program = new Command()
    .name("huntgraph")
    .description('GraphQL server that answers "what connects these hunts?"')
    .version(huntgraphVersion(), "-V, --version", "print huntgraph's version")
    .option("--in-memory", "use an embedded database that lives only as long as the process (ignores DATABASE_URL)")
    .addHelpText("after", ENVIRONMENT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr });
  const database = (): DatabaseConfig =>
    program.opts<{ inMemory?: boolean }>().inMemory ? { kind: "pglite", dataDir: undefined } : loaded.database;

  program
    .command("serve")
    .description("run the GraphQL server (GraphiQL at /graphiql)")
    .option("-p, --port <port>", "port to listen on (default: $PORT or 4000)", portNumber)
    .option("-H, --host <host>", "address to listen on (default: $HOST or 127.0.0.1)")
    .option("--demo", "load a small demo (hunts that share indicators) into an empty database")
    .option("--migrate", "on PostgreSQL, apply pending migrations before serving")
    .action((options: ServeOptions) => serve({ ...loaded, database: database() }, options, out));
  const open: OpenDatabase = (forceMigrate = false) => openConfigured(database(), forceMigrate, loaded.bundledWarninglists);
  addDataCommands(program, database, open, out, loaded.cliToken);
  addHuntCommands(program, open, out);
  addWarninglistCommands(program, open, out);
  addDispositionCommands(program, open, out);
  addUserCommands(program, open, out, env);
  addTokenCommands(program, open, out);
  return program;
}

/** migrate, import and reindex: each opens the database, does its work and closes it. */
function addDataCommands(
  program: Command,
  database: () => DatabaseConfig,
  open: OpenDatabase,
  out: CliOutput,
  /** Sent to a running server the command goes through (HUNTGRAPH_TOKEN). */
  cliToken: string | undefined,
): void {
  program
    .command("migrate")
    .description(
      "bring the database to the current schema (also upgrades a database created by ThreatHunt), and install the bundled warninglists",
    )
    .action(async () => {
      const opened = await openDatabase(database());
      let ran: string[];
      try {
        ran = await migrate(opened.dataSource);
      } finally {
        await opened.close();
      }
      out.line(ran.length > 0 ? `applied ${ran.length} migration(s): ${ran.join(", ")}` : "the database is up to date");
      await withDatabase(open, async () => undefined);
    });

  program
    .command("import")
    .description("import CSV exports into a hunt, each file as one dataset (all of it or nothing)")
    .requiredOption("--hunt <hunt>", "the hunt: its id, or its exact name")
    .option("--create-hunt", "create the hunt if no hunt has that name")
    .option("--source-tool <tool>", "tool that produced the exports (velociraptor, osquery, sysmon, ...)")
    .option("--stop-on-error", "stop at the first file that fails (default: try every file)")
    .option("--allow-duplicate", "import a file even when the hunt holds the same content already")
    .argument("<files...>", "CSV files")
    .action(async (files: string[], options: ImportOptions) => {
      try {
        await withDatabase(open, (opened) => importFiles(opened, files, options, out));
      } catch (error) {
        // the embedded database is a running server's: the files go through it
        if (!(error instanceof DataDirInUse) || !error.holder.url) throw error;
        await importThroughServer({ url: error.holder.url, token: cliToken }, files, options, out);
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
      try {
        await withDatabase(open, (opened) => reindexDatasets(opened, options, out));
      } catch (error) {
        // the embedded database is a running server's: the datasets are reindexed by it
        if (!(error instanceof DataDirInUse) || !error.holder.url) throw error;
        await reindexThroughServer({ url: error.holder.url, token: cliToken }, options, out);
      }
    });
}

/** The database a run was aimed at, for its error messages (none when the configuration itself is bad). */
function databaseOf(args: readonly string[], env: NodeJS.ProcessEnv): DatabaseConfig {
  if (args.includes("--in-memory")) return { kind: "pglite", dataDir: undefined };
  try {
    return loadConfig(env).database;
  } catch {
    return { kind: "pglite", dataDir: undefined };
  }
}

/**
 * Runs `huntgraph <args>` and resolves to its exit code. A bad environment variable stops every command,
 * `--help` included, with one line naming it. `serve` resolves once the server listens, and keeps running.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, out: CliOutput): Promise<number> {
  try {
    const config = loadConfig(env);
    configureLogger(config.logLevel);
    setLockCommand(args.find((arg) => !arg.startsWith("-")) ?? "huntgraph");
    await buildProgram(config, out, env).parseAsync([...args], { from: "user" });
    return 0;
  } catch (error) {
    // Commander has printed its own message (usage errors) or the help and version it was asked for.
    if (error instanceof CommanderError) return error.exitCode;
    const unreachable = connectionProblem(error, databaseOf(args, env));
    if (unreachable) {
      out.stderr(`huntgraph: ${unreachable}\n`);
      return 1;
    }
    // Errors with a code, and bad configuration, are the user's to fix: their message says how.
    const explained = errorCode(error) !== undefined || error instanceof ConfigError || error instanceof DataDirInUse;
    if (!explained) logger.error({ err: error }, "huntgraph failed");
    out.stderr(`huntgraph: ${(error as Error).message ?? error}\n`);
    return 1;
  }
}
