// The configuration read from environment variables: defaults, each database kind, and errors naming the variable.
import path from "node:path";
import { ConfigError, databaseConfig, loadConfig } from "../../src/config";
import { isLoopback } from "../../src/server/binding";

const POSTGRES_URL = "postgres://hunter:secret@db.internal:5432/huntgraph";

describe("loadConfig", () => {
  it("defaults to embedded PGlite in ./.huntgraph, 127.0.0.1:4000, info logs, the bundled warninglists, no authentication", () => {
    expect(loadConfig({})).toEqual({
      database: { kind: "pglite", dataDir: path.resolve(".huntgraph") },
      host: "127.0.0.1",
      port: 4000,
      logLevel: "info",
      bundledWarninglists: true,
      queryLimits: { maxDepth: 12, maxAliases: 30, maxCost: 200_000 },
      uploadLimits: { idleMs: 30_000, deadlineMs: 1_800_000 },
      maxImports: 2,
      statementTimeoutMs: 30_000,
      tokens: null,
      corsOrigins: [],
      introspection: true,
      graphiql: true,
      cliToken: undefined,
      slowRequestMs: 1000,
      shutdownMs: 25_000,
      webhook: null,
      replicaMaxLagMs: 10_000,
    });
  });

  it("reads the upload limits and the imports run at once", () => {
    const config = loadConfig({ HUNTGRAPH_UPLOAD_IDLE_SECONDS: "5", HUNTGRAPH_UPLOAD_DEADLINE_SECONDS: "60", HUNTGRAPH_MAX_IMPORTS: "1" });
    expect([config.uploadLimits, config.maxImports]).toEqual([{ idleMs: 5000, deadlineMs: 60_000 }, 1]);
  });

  it("reads the query limits, naming a variable that is no positive integer", () => {
    expect(loadConfig({ HUNTGRAPH_MAX_DEPTH: "8", HUNTGRAPH_MAX_ALIASES: " 5 ", HUNTGRAPH_MAX_COST: "1000" }).queryLimits).toEqual({
      maxDepth: 8,
      maxAliases: 5,
      maxCost: 1000,
    });
    for (const bad of ["0", "-1", "2.5", "many"]) {
      expect(() => loadConfig({ HUNTGRAPH_MAX_COST: bad })).toThrow(
        new ConfigError(`HUNTGRAPH_MAX_COST must be a positive integer, got '${bad}'`),
      );
    }
  });

  it("leaves the bundled warninglists out for HUNTGRAPH_WARNINGLISTS=none, and names the variable when it is neither value", () => {
    expect(loadConfig({ HUNTGRAPH_WARNINGLISTS: "none" }).bundledWarninglists).toBe(false);
    expect(loadConfig({ HUNTGRAPH_WARNINGLISTS: " bundled " }).bundledWarninglists).toBe(true);
    expect(() => loadConfig({ HUNTGRAPH_WARNINGLISTS: "all" })).toThrow(
      new ConfigError("HUNTGRAPH_WARNINGLISTS must be 'bundled' (install the shipped lists) or 'none', got 'all'"),
    );
  });

  it("treats blank variables as unset", () => {
    expect(loadConfig({ HOST: " ", PORT: " ", LOG_LEVEL: "", HUNTGRAPH_DATA_DIR: "  ", DATABASE_URL: " " })).toEqual(loadConfig({}));
  });

  it("reads host, port and log level", () => {
    expect(loadConfig({ HOST: "0.0.0.0", PORT: "8080", LOG_LEVEL: "debug" })).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      logLevel: "debug",
    });
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "65535" }).port).toBe(65535);
  });

  it.each(["http", "-1", "65536", "80.5", "4000abc", "0x50", "1e3"])("rejects PORT=%s, naming the variable", (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(new ConfigError(`PORT must be an integer from 0 to 65535, got '${port}'`));
  });

  it("rejects an unknown LOG_LEVEL, naming the variable and the levels", () => {
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(
      new ConfigError("LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'verbose'"),
    );
  });

  it("throws ConfigError, not a plain Error", () => {
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(ConfigError);
  });
});

describe("databaseConfig", () => {
  it("keeps the embedded database in the directory HUNTGRAPH_DATA_DIR names, resolved", () => {
    expect(databaseConfig({ HUNTGRAPH_DATA_DIR: "data/db" })).toEqual({ kind: "pglite", dataDir: path.resolve("data/db") });
    expect(databaseConfig({ HUNTGRAPH_DATA_DIR: "/var/lib/huntgraph" })).toEqual({ kind: "pglite", dataDir: "/var/lib/huntgraph" });
  });

  it("keeps the embedded database in memory for HUNTGRAPH_DATA_DIR=memory://", () => {
    expect(databaseConfig({ HUNTGRAPH_DATA_DIR: "memory://" })).toEqual({ kind: "pglite", dataDir: undefined });
  });

  it("uses PostgreSQL when DATABASE_URL is set, whatever HUNTGRAPH_DATA_DIR says", () => {
    expect(databaseConfig({ DATABASE_URL: POSTGRES_URL, HUNTGRAPH_DATA_DIR: "memory://" })).toEqual({
      kind: "postgres",
      url: POSTGRES_URL,
      schema: undefined,
    });
    expect(databaseConfig({ DATABASE_URL: "postgresql://localhost/x" })).toEqual({
      kind: "postgres",
      url: "postgresql://localhost/x",
      schema: undefined,
    });
  });

  it("uses the schema DATABASE_SCHEMA names", () => {
    expect(databaseConfig({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: "huntgraph_1" })).toEqual({
      kind: "postgres",
      url: POSTGRES_URL,
      schema: "huntgraph_1",
    });
  });

  it.each(["mysql://localhost/huntgraph", "localhost:5432", "file:///tmp/db"])("rejects DATABASE_URL=%s without echoing it", (url) => {
    expect(() => databaseConfig({ DATABASE_URL: url })).toThrow(
      new ConfigError("DATABASE_URL must start with postgres:// or postgresql://"),
    );
  });

  it.each(["Hunt", "1st", "public; DROP TABLE hunts", "a-b", "x".repeat(64)])(
    "rejects DATABASE_SCHEMA=%s, naming the variable",
    (schema) => {
      expect(() => databaseConfig({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema })).toThrow(
        new ConfigError(`DATABASE_SCHEMA must be a lower-case SQL identifier, got '${schema}'`),
      );
    },
  );

  it("accepts a 63-character schema name, PostgreSQL's longest", () => {
    expect(databaseConfig({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: "x".repeat(63) })).toMatchObject({ schema: "x".repeat(63) });
  });
});

it("tells loopback addresses, where the server may run without authentication, from the others", async () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost"]) expect(await isLoopback(host)).toBe(true);
  // a name that does not resolve is not known to be loopback
  for (const host of ["0.0.0.0", "::", "10.0.0.5", "huntgraph.soc.invalid"]) expect(await isLoopback(host)).toBe(false);
});

describe("authentication settings", () => {
  it("is off without JWT_SECRET, and on with ThreatHunt's lifetimes when it is set", () => {
    expect(loadConfig({}).tokens).toBeNull();
    expect(loadConfig({ JWT_SECRET: "  " }).tokens).toBeNull();
    expect(loadConfig({ JWT_SECRET: "s3cret", JWT_ACCESS_TOKEN_MINUTES: "15", JWT_REFRESH_TOKEN_DAYS: "2" }).tokens).toEqual({
      secret: "s3cret",
      accessMinutes: 15,
      refreshDays: 2,
    });
    expect(loadConfig({ JWT_SECRET: "s3cret" }).tokens).toMatchObject({ accessMinutes: 30, refreshDays: 7 });
  });

  it("names the variable of a lifetime that is not a positive integer", () => {
    expect(() => loadConfig({ JWT_SECRET: "s", JWT_ACCESS_TOKEN_MINUTES: "0" })).toThrow(
      "JWT_ACCESS_TOKEN_MINUTES must be a positive integer, got '0'",
    );
  });

  it("takes CORS origins as a comma-separated list, and names one that is not an origin", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://hunt.example.org, http://localhost:5173/" }).corsOrigins).toEqual([
      "https://hunt.example.org",
      "http://localhost:5173",
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://hunt.example.org/app" })).toThrow(
      "CORS_ORIGINS must be a comma-separated list of origins such as https://hunt.example.org, got 'https://hunt.example.org/app'",
    );
  });

  it("switches introspection and GraphiQL off, and refuses a value that is not a switch", () => {
    expect(loadConfig({ HUNTGRAPH_INTROSPECTION: "false", HUNTGRAPH_GRAPHIQL: "off" })).toMatchObject({
      introspection: false,
      graphiql: false,
    });
    expect(loadConfig({})).toMatchObject({ introspection: true, graphiql: true });
    expect(() => loadConfig({ HUNTGRAPH_GRAPHIQL: "maybe" })).toThrow("HUNTGRAPH_GRAPHIQL must be true or false, got 'maybe'");
  });

  it("takes a webhook's URL with a secret of 16 characters or more, and names what is missing or wrong", () => {
    const secret = "0123456789abcdef";
    expect(
      loadConfig({ HUNTGRAPH_WEBHOOK_URL: " https://soar.example.org/hooks/huntgraph ", HUNTGRAPH_WEBHOOK_SECRET: secret }).webhook,
    ).toEqual({
      url: "https://soar.example.org/hooks/huntgraph",
      secret,
    });
    expect(() => loadConfig({ HUNTGRAPH_WEBHOOK_URL: "https://soar.example.org/hook" })).toThrow(
      "HUNTGRAPH_WEBHOOK_SECRET must be set, 16 characters or more, to sign what is sent to HUNTGRAPH_WEBHOOK_URL",
    );
    expect(() => loadConfig({ HUNTGRAPH_WEBHOOK_URL: "ftp://soar.example.org", HUNTGRAPH_WEBHOOK_SECRET: secret })).toThrow(
      "HUNTGRAPH_WEBHOOK_URL must be an http:// or https:// URL, got 'ftp://soar.example.org'",
    );
    expect(() => loadConfig({ HUNTGRAPH_WEBHOOK_SECRET: secret })).toThrow(
      "HUNTGRAPH_WEBHOOK_SECRET is set but HUNTGRAPH_WEBHOOK_URL is not: set both, or neither",
    );
  });

  it("takes a read replica only beside a PostgreSQL primary, on the primary's schema", () => {
    const primary = "postgres://hg@db-1:5432/huntgraph";
    const replica = "postgres://hg@db-2:5432/huntgraph";
    expect(
      loadConfig({ DATABASE_URL: primary, DATABASE_SCHEMA: "soc", DATABASE_READ_URL: replica, HUNTGRAPH_REPLICA_MAX_LAG_SECONDS: "3" }),
    ).toMatchObject({ database: { kind: "postgres", url: primary, schema: "soc", readUrl: replica }, replicaMaxLagMs: 3000 });
    expect(() => loadConfig({ DATABASE_READ_URL: replica })).toThrow(
      "DATABASE_READ_URL names a read replica of DATABASE_URL, which is not set",
    );
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: "mysql://db-2" })).toThrow(
      "DATABASE_READ_URL must start with postgres:// or postgresql://",
    );
  });
});
