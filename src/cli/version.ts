// What `huntgraph --version` and `--help` say: the package's version, and the environment variables.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The version in huntgraph's package.json, found from here up (the sources, or dist/ after a build). */
export function huntgraphVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const found = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (found.name === "huntgraph" && found.version) return found.version;
    } catch {
      // no package.json here: one level up
    }
  }
  return "unknown";
}

/** Every environment variable huntgraph reads (config.ts), with what it does; the README's table has the details. */
export const ENVIRONMENT: ReadonlyArray<[string, string]> = [
  ["DATABASE_URL", "postgres://… : run on that PostgreSQL server (unset: the embedded database)"],
  ["DATABASE_SCHEMA", "PostgreSQL schema to use (default public)"],
  ["DATABASE_READ_URL", "postgres://… of a streaming replica of DATABASE_URL for read-only requests"],
  ["HUNTGRAPH_REPLICA_MAX_LAG_SECONDS", "how far behind the replica may be and still serve reads (default 10)"],
  ["HUNTGRAPH_DATA_DIR", "where the embedded database keeps its files (default ./.huntgraph; memory:// for none)"],
  ["HOST", "address the server listens on (default 127.0.0.1; others need JWT_SECRET)"],
  ["PORT", "port the server listens on (default 4000)"],
  ["LOG_LEVEL", "fatal, error, warn, info (default), debug, trace or silent"],
  ["JWT_SECRET", "ThreatHunt's token secret: turns authentication on"],
  ["JWT_ACCESS_TOKEN_MINUTES", "lifetime of access tokens from login (default 30)"],
  ["JWT_REFRESH_TOKEN_DAYS", "lifetime of refresh tokens (default 7)"],
  ["CORS_ORIGINS", "comma-separated browser origins allowed to call the API"],
  ["HUNTGRAPH_INTROSPECTION", "false refuses schema introspection"],
  ["HUNTGRAPH_GRAPHIQL", "false stops serving GraphiQL"],
  ["HUNTGRAPH_WARNINGLISTS", "bundled (default) or none"],
  ["HUNTGRAPH_MAX_DEPTH", "deepest selection of one operation (default 12)"],
  ["HUNTGRAPH_MAX_ALIASES", "aliases of one operation (default 30)"],
  ["HUNTGRAPH_MAX_COST", "estimated cost of one operation (default 200000)"],
  ["HUNTGRAPH_STATEMENT_TIMEOUT_SECONDS", "on PostgreSQL, a request's statement is cancelled after this (default 30)"],
  ["HUNTGRAPH_MAX_IMPORTS", "imports the server runs at once (default 2)"],
  ["HUNTGRAPH_UPLOAD_IDLE_SECONDS", "an upload silent this long is ended (default 30)"],
  ["HUNTGRAPH_UPLOAD_DEADLINE_SECONDS", "an upload not whole by then is ended (default 1800)"],
  ["HUNTGRAPH_SLOW_REQUEST_MS", "requests slower than this are logged at warn (default 1000)"],
  ["HUNTGRAPH_SHUTDOWN_SECONDS", "how long requests in flight may run once a stop begins (default 25)"],
  ["HUNTGRAPH_WEBHOOK_URL", "POST every new cross-hunt link (not noise) here, as signed JSON"],
  ["HUNTGRAPH_WEBHOOK_SECRET", "the HMAC-SHA256 key that signs the webhook's deliveries (16+ characters)"],
  ["HUNTGRAPH_TOKEN", "API token the CLI sends a running server with authentication on"],
  ["HUNTGRAPH_PASSWORD", "password for `users create` and `users passwd` (else read from stdin)"],
];

export const ENVIRONMENT_HELP = `\nEnvironment variables:\n${ENVIRONMENT.map(([name, what]) => `  ${name.padEnd(36)}${what}`).join("\n")}\n`;
