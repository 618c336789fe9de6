// Environment variables → one typed, validated configuration object.
import path from "node:path";
import { DEFAULT_REPLICA_MAX_LAG_MS } from "./database/replica";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "./graphql/limits";
import type { TokenSettings } from "./modules/auth/jwt";
import { DEFAULT_MAX_IMPORTS } from "./modules/ingest/ingest.service";
import type { WebhookSettings } from "./modules/links/webhook";
import { DEFAULT_SLOW_REQUEST_MS } from "./server/request-log";
import { DEFAULT_SHUTDOWN_MS } from "./server/shutdown";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "./server/upload";
import { LOG_LEVELS, type LogLevel } from "./shared/logger";

/** Where the database lives: a PostgreSQL server, or embedded PGlite on disk or in memory. */
export type DatabaseConfig =
  | {
      kind: "postgres";
      url: string;
      schema?: string;
      /** A streaming replica for read-only requests (DATABASE_READ_URL). */
      readUrl?: string;
      /** This is such a replica: read-only, its schema made on the primary. */
      replica?: boolean;
    }
  | { kind: "pglite"; dataDir: string | undefined };

export interface Config {
  database: DatabaseConfig;
  host: string;
  port: number;
  logLevel: LogLevel;
  /** Whether the warninglists shipped with huntgraph are installed (and updated) when the database is opened. */
  bundledWarninglists: boolean;
  /** What one GraphQL operation may ask for. */
  queryLimits: QueryLimits;
  /** How long an upload may stall, and take in all. */
  uploadLimits: UploadLimits;
  /** Imports the server runs at once. */
  maxImports: number;
  /** On PostgreSQL, the server cancels a request's statement after this long. */
  statementTimeoutMs: number;
  /** Authentication, from JWT_SECRET: null when it is off (loopback only). */
  tokens: TokenSettings | null;
  /** Browser origins allowed to call the API (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Whether the schema can be introspected, and GraphiQL is served. */
  introspection: boolean;
  graphiql: boolean;
  /** The API token the CLI sends a running server it goes through (HUNTGRAPH_TOKEN). */
  cliToken: string | undefined;
  /** Requests slower than this are logged at warn. */
  slowRequestMs: number;
  /** How long requests in flight may run once a stop begins. */
  shutdownMs: number;
  /** Where new cross-hunt links are POSTed, and the key that signs them (HUNTGRAPH_WEBHOOK_URL, _SECRET); null: none. */
  webhook: WebhookSettings | null;
  /** How far behind the primary the read replica may be and still serve reads (HUNTGRAPH_REPLICA_MAX_LAG_SECONDS). */
  replicaMaxLagMs: number;
}

/** PGlite's own spelling of "keep nothing on disk". */
const IN_MEMORY = "memory://";

export class ConfigError extends Error {}

function port(raw: string | undefined): number {
  // Blank means unset, as for the other variables (Number(" ") would be 0: a random port).
  const text = raw?.trim();
  if (!text) return 4000;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got '${raw}'`);
  }
  return value;
}

export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError("DATABASE_URL must start with postgres:// or postgresql://");
    }
    const schema = env.DATABASE_SCHEMA?.trim() || undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new ConfigError(`DATABASE_SCHEMA must be a lower-case SQL identifier, got '${schema}'`);
    }
    const readUrl = env.DATABASE_READ_URL?.trim() || undefined;
    if (readUrl !== undefined && !/^postgres(ql)?:\/\//.test(readUrl)) {
      throw new ConfigError("DATABASE_READ_URL must start with postgres:// or postgresql://");
    }
    return { kind: "postgres", url, schema, ...(readUrl ? { readUrl } : {}) };
  }
  if (env.DATABASE_READ_URL?.trim()) {
    throw new ConfigError("DATABASE_READ_URL names a read replica of DATABASE_URL, which is not set");
  }
  const dir = env.HUNTGRAPH_DATA_DIR?.trim() || ".huntgraph";
  return { kind: "pglite", dataDir: dir === IN_MEMORY ? undefined : path.resolve(dir) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Tests run quiet unless they ask for logs.
  const logLevel = (env.LOG_LEVEL?.trim() || (env.NODE_ENV === "test" ? "silent" : "info")) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got '${logLevel}'`);
  }
  return {
    database: databaseConfig(env),
    host: env.HOST?.trim() || "127.0.0.1",
    port: port(env.PORT),
    logLevel,
    bundledWarninglists: bundledWarninglists(env.HUNTGRAPH_WARNINGLISTS),
    queryLimits: {
      maxDepth: positiveInteger(env, "HUNTGRAPH_MAX_DEPTH", DEFAULT_QUERY_LIMITS.maxDepth),
      maxAliases: positiveInteger(env, "HUNTGRAPH_MAX_ALIASES", DEFAULT_QUERY_LIMITS.maxAliases),
      maxCost: positiveInteger(env, "HUNTGRAPH_MAX_COST", DEFAULT_QUERY_LIMITS.maxCost),
    },
    uploadLimits: {
      idleMs: 1000 * positiveInteger(env, "HUNTGRAPH_UPLOAD_IDLE_SECONDS", DEFAULT_UPLOAD_LIMITS.idleMs / 1000),
      deadlineMs: 1000 * positiveInteger(env, "HUNTGRAPH_UPLOAD_DEADLINE_SECONDS", DEFAULT_UPLOAD_LIMITS.deadlineMs / 1000),
    },
    maxImports: positiveInteger(env, "HUNTGRAPH_MAX_IMPORTS", DEFAULT_MAX_IMPORTS),
    statementTimeoutMs: 1000 * positiveInteger(env, "HUNTGRAPH_STATEMENT_TIMEOUT_SECONDS", 30),
    tokens: tokenSettings(env),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    introspection: switchedOn(env, "HUNTGRAPH_INTROSPECTION"),
    graphiql: switchedOn(env, "HUNTGRAPH_GRAPHIQL"),
    cliToken: env.HUNTGRAPH_TOKEN?.trim() || undefined,
    slowRequestMs: positiveInteger(env, "HUNTGRAPH_SLOW_REQUEST_MS", DEFAULT_SLOW_REQUEST_MS),
    shutdownMs: 1000 * positiveInteger(env, "HUNTGRAPH_SHUTDOWN_SECONDS", DEFAULT_SHUTDOWN_MS / 1000),
    webhook: webhookSettings(env),
    replicaMaxLagMs: 1000 * positiveInteger(env, "HUNTGRAPH_REPLICA_MAX_LAG_SECONDS", DEFAULT_REPLICA_MAX_LAG_MS / 1000),
  };
}

/** The webhook: an http(s) URL and a secret of 16 characters or more to sign with, or neither. */
function webhookSettings(env: NodeJS.ProcessEnv): WebhookSettings | null {
  const url = env.HUNTGRAPH_WEBHOOK_URL?.trim();
  const secret = env.HUNTGRAPH_WEBHOOK_SECRET ?? "";
  if (!url) {
    if (secret.trim()) throw new ConfigError("HUNTGRAPH_WEBHOOK_SECRET is set but HUNTGRAPH_WEBHOOK_URL is not: set both, or neither");
    return null;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new ConfigError(`HUNTGRAPH_WEBHOOK_URL must be an http:// or https:// URL, got '${url}'`);
  }
  if (secret.trim().length < 16) {
    throw new ConfigError("HUNTGRAPH_WEBHOOK_SECRET must be set, 16 characters or more, to sign what is sent to HUNTGRAPH_WEBHOOK_URL");
  }
  return { url, secret };
}

/** ThreatHunt's token settings: JWT_SECRET turns authentication on; the lifetimes are ThreatHunt's variables. */
function tokenSettings(env: NodeJS.ProcessEnv): TokenSettings | null {
  const secret = env.JWT_SECRET;
  if (secret === undefined || secret.trim() === "") return null;
  return {
    secret,
    accessMinutes: positiveInteger(env, "JWT_ACCESS_TOKEN_MINUTES", 30),
    refreshDays: positiveInteger(env, "JWT_REFRESH_TOKEN_DAYS", 7),
  };
}

function corsOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, "")) {
      throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins such as https://hunt.example.org, got '${origin}'`);
    }
  }
  return origins.map((origin) => origin.replace(/\/$/, ""));
}

/** A switch that is on unless set to false (or 0, off, no). */
function switchedOn(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (!value || ["true", "1", "on", "yes"].includes(value)) return true;
  if (["false", "0", "off", "no"].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got '${env[name]}'`);
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new ConfigError(`${name} must be a positive integer, got '${env[name]}'`);
  return Number(text);
}

function bundledWarninglists(raw: string | undefined): boolean {
  const value = raw?.trim() || "bundled";
  if (value !== "bundled" && value !== "none") {
    throw new ConfigError(`HUNTGRAPH_WARNINGLISTS must be 'bundled' (install the shipped lists) or 'none', got '${raw}'`);
  }
  return value === "bundled";
}
