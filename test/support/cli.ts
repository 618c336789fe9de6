// Runs the huntgraph CLI on a database of its own (a PGlite data directory, or a schema on the PostgreSQL
// server of DATABASE_URL): in process through its entry point, or as a child process as a user runs it.
// The test opens that database between runs.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { runCli as runCommandLine } from "../../src/cli/program";
import type { DatabaseConfig } from "../../src/config";
import { type Database, openDatabase } from "../../src/database/data-source";
import { onPostgres } from "./database";

const REPO_ROOT = path.resolve(__dirname, "../..");

export interface CliDatabase {
  config: DatabaseConfig;
  /** What a child process needs in its environment to use this database. */
  env: Record<string, string>;
  /** Opens the database in the test process. PGlite allows one process at a time: close it before the next run. */
  open(): Promise<Database>;
  /** Removes the data directory, or drops the schema. */
  remove(): Promise<void>;
}

/** A fresh database for CLI runs, of the kind the suite runs on. Not migrated. */
export function cliDatabase(): CliDatabase {
  if (onPostgres) {
    const url = process.env.DATABASE_URL as string;
    const schema = `cli_${randomBytes(6).toString("hex")}`;
    const config: DatabaseConfig = { kind: "postgres", url, schema };
    return {
      config,
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
      open: () => openDatabase(config),
      async remove() {
        const client = new Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  }
  return pgliteCliDatabase(mkdtempSync(path.join(os.tmpdir(), "huntgraph-cli-")));
}

function pgliteCliDatabase(dataDir: string): CliDatabase {
  const config: DatabaseConfig = { kind: "pglite", dataDir };
  return {
    config,
    env: { HUNTGRAPH_DATA_DIR: dataDir },
    open: () => openDatabase(config),
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * CLI databases that each start in the state `setup` leaves: on PGlite, setup runs once and each database
 * is a copy of that data directory (much faster than a new one); on PostgreSQL, setup runs in each new schema.
 */
export function cliDatabases(setup: (cli: CliDatabase) => Promise<void>): { next(): Promise<CliDatabase>; removeAll(): Promise<void> } {
  const made: CliDatabase[] = [];
  let template: Promise<CliDatabase> | undefined;
  const fresh = async () => {
    const cli = cliDatabase();
    made.push(cli);
    await setup(cli);
    return cli;
  };
  return {
    async next() {
      if (onPostgres) return fresh();
      const { config } = await (template ??= fresh());
      const copy = pgliteCliDatabase(mkdtempSync(path.join(os.tmpdir(), "huntgraph-cli-")));
      cpSync((config as { dataDir: string }).dataDir, (copy.config as { dataDir: string }).dataDir, { recursive: true });
      made.push(copy);
      return copy;
    },
    removeAll: async () => {
      await Promise.all(made.map((cli) => cli.remove()));
    },
  };
}

/** Opens the CLI's database in the test process for `action`, and closes it before the next run. */
export async function inDatabase<T>(cli: CliDatabase, action: (database: Database) => Promise<T>): Promise<T> {
  const database = await cli.open();
  try {
    return await action(database);
  } finally {
    await database.close();
  }
}

/**
 * The test process's environment without its database settings, jest's NODE_OPTIONS, or logs; and without
 * the bundled warninglists (seconds to install on PGlite) unless `env` asks for them.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL, DATABASE_SCHEMA, HUNTGRAPH_DATA_DIR, NODE_OPTIONS, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: "silent", HUNTGRAPH_WARNINGLISTS: "none", ...env };
}

/** Starts `huntgraph <args>` from the TypeScript sources. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["-r", "@swc-node/register", "src/cli/main.ts", ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `huntgraph <args>` in this process, through the CLI's entry point, with its output captured. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const result = { stdout: "", stderr: "" };
  const code = await runCommandLine(args, childEnv(env), {
    stdout: (text) => (result.stdout += text),
    stderr: (text) => (result.stderr += text),
    line: (text) => (result.stdout += `${text}\n`),
  });
  return { code, ...result };
}

/** Runs `huntgraph <args>` to the end as a child process. */
export async function runCliProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

/**
 * Writes a generated export (bench/generate.ts, as exportOptions describes it) from a child process:
 * plain Node writes it several times faster than jest's sandbox, and on another core while the test sets up.
 */
export async function writeExportFile(file: string, rows: number, seed: number, hostPrefix: string): Promise<void> {
  const script = `require("./bench/generate").writeExport(process.argv[1], {
    rows: Number(process.argv[2]), seed: Number(process.argv[3]), hostPrefix: process.argv[4], start: new Date("2024-03-01T00:00:00Z"),
  }).catch((error) => { console.error(error); process.exit(1); })`;
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "-e", script, file, String(rows), String(seed), hostPrefix], {
    cwd: REPO_ROOT,
    env: childEnv({}),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`generating ${file} failed (exit code ${code}):\n${stderr}`);
}
