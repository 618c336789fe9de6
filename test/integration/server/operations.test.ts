// What an operator reads off a running server: one log line per request with its id, operation, status,
// duration, caller and error codes (and never a variable's value); Prometheus metrics after a known
// sequence of requests; /livez, and /readyz before and after the schema's migrations.
import pino from "pino";
import type { Database } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { logger } from "../../../src/shared/logger";
import { graphql, TOKENS } from "../../support/auth";
import { openTestDatabase } from "../../support/database";

let database: Database;
let server: RunningServer;
let lines: Record<string, any>[] = [];
let raw: string[] = [];
let write: jest.SpyInstance;
let admin: string;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0, tokens: TOKENS, slowRequestMs: 60_000 });
  admin = (await server.services.apiTokens.create({ name: "operator", role: "admin", createdBy: "test" })).secret;
  logger.level = "info";
  // every logger (pino-http's per-request children too) writes to the root's stream
  const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  write = jest.spyOn(stream, "write").mockImplementation((line: string) => {
    lines.push(JSON.parse(line));
    raw.push(line);
    return true;
  });
});
afterAll(async () => {
  write.mockRestore();
  logger.level = "silent";
  await server.stop();
});
beforeEach(() => {
  lines = [];
  raw = [];
});

const requestLines = () => lines.filter((line) => line.requestId !== undefined && line.res);

describe("request logs", () => {
  it("log one line per request, echoing the client's X-Request-Id", async () => {
    const response = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "soc-ticket-4711" } });
    expect(response.headers.get("x-request-id")).toBe("soc-ticket-4711");
    const [line, ...others] = requestLines();
    expect(others).toEqual([]);
    expect(line).toMatchObject({ level: 30, requestId: "soc-ticket-4711", req: { method: "GET", path: "/healthz" }, res: { status: 200 } });
    expect(line.req.address).toMatch(/127\.0\.0\.1/);
    expect(typeof line.ms).toBe("number");
  });

  it("make up an id when the client sends none, or one that is not sane", async () => {
    const response = await fetch(`${server.url}/livez`, { headers: { "x-request-id": "has spaces\tand tabs" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines()[0].requestId).toBe(response.headers.get("x-request-id"));
  });

  it("name the GraphQL operation, its type, the caller and the error codes, and never a variable's value or a header", async () => {
    const query = `query FindHunt($id: ID!) { hunt(id: $id) { name } }`;
    const secretish = "0123456789abcdef0123456789abcdef";
    await graphql(server.url, query, { id: secretish }, admin);
    const [line] = requestLines();
    expect(line).toMatchObject({
      req: { method: "POST", path: "/graphql" },
      res: { status: 200 },
      operation: { name: "FindHunt", type: "query" },
      caller: "token:operator",
      errorCodes: ["NOT_FOUND"],
    });
    // JSON.parse keeps the last of two equal keys: the line as written names the request's id once
    expect(raw.filter((text) => text.includes(`"res"`)).map((text) => text.split(`"requestId"`).length - 1)).toEqual([1]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(secretish);
    expect(text).not.toContain(admin);
    expect(text).not.toMatch(/authorization/i);
  });

  it("log a request slower than the threshold at warn", async () => {
    const quick = await startServer(await openTestDatabase(), { host: "127.0.0.1", port: 0, slowRequestMs: 0 });
    try {
      await fetch(`${quick.url}/livez`);
      expect(requestLines()[0]).toMatchObject({ level: 40, req: { path: "/livez" } });
    } finally {
      await quick.stop();
    }
  });
});

describe("metrics", () => {
  it("count requests, operations, errors and imports, and read the pool, the index and the data version", async () => {
    // a server of its own: counts from nothing
    const server = await startServer(await openTestDatabase(), { host: "127.0.0.1", port: 0, tokens: TOKENS });
    const admin = (await server.services.apiTokens.create({ name: "operator", role: "admin", createdBy: "test" })).secret;
    try {
      await countedSequence(server, admin);
    } finally {
      await server.stop();
    }
  });
});

const CSV = "Hostname,Dst IP\nWS-1,203.0.113.9\nWS-2,203.0.113.10\n";

async function countedSequence(server: RunningServer, admin: string): Promise<void> {
  {
    const hunt = await graphql(
      server.url,
      `
        mutation MakeHunt {
          createHunt(input: { name: "Metrics" }) {
            hunt {
              id
            }
          }
        }
      `,
      {},
      admin,
    );
    for (let i = 0; i < 2; i++)
      await graphql(
        server.url,
        `
          query ListHunts {
            hunts {
              totalCount
            }
          }
        `,
        {},
        admin,
      );
    await graphql(
      server.url,
      `
        query ($id: ID!) {
          hunt(id: $id) {
            name
          }
        }
      `,
      { id: "f".repeat(32) },
      admin,
    );
    const upload = await fetch(`${server.url}/hunts/${hunt.body.data.createHunt.hunt.id}/datasets?filename=net.csv`, {
      method: "POST",
      headers: { "content-type": "text/csv", authorization: `Bearer ${admin}` },
      body: CSV,
    });
    expect(upload.status).toBe(201);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);

    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value(`huntgraph_graphql_operation_duration_seconds_count{operation="ListHunts",type="query"}`)).toBe(2);
    expect(value(`huntgraph_graphql_operation_duration_seconds_count{operation="MakeHunt",type="mutation"}`)).toBe(1);
    expect(value(`huntgraph_graphql_operation_duration_seconds_count{operation="anonymous",type="query"}`)).toBe(1);
    expect(value(`huntgraph_errors_total{code="NOT_FOUND"}`)).toBe(1);
    expect(value(`huntgraph_errors_total{code="UNAUTHENTICATED"}`)).toBe(1);
    expect(value(`huntgraph_imports_total{outcome="ok"}`)).toBe(1);
    expect(value(`huntgraph_imported_rows_total`)).toBe(2);
    expect(value(`huntgraph_imported_bytes_total`)).toBe(Buffer.byteLength(CSV));
    expect(value(`huntgraph_http_request_duration_seconds_count{method="POST",route="/hunts/:huntId/datasets",status="201"}`)).toBe(1);
    expect(value(`huntgraph_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}`)).toBeGreaterThanOrEqual(4);
    expect(value(`huntgraph_db_pool_connections{state="waiting"}`)).toBe(0);
    expect(value(`huntgraph_index_bytes`)).toBeGreaterThan(0);
    const [{ version }] = await server.services.db.query(`SELECT version::int AS version FROM huntgraph_data_version`);
    expect(value(`huntgraph_data_version`)).toBe(version);
    expect(text).toContain("huntgraph_nodejs_eventloop_lag_seconds");
  }
}

describe("probes", () => {
  it("answer /livez while the process is up, and /readyz only while the schema's migrations are current", async () => {
    expect(await (await fetch(`${server.url}/livez`)).json()).toEqual({ status: "alive" });
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "reachable", migrations: "current" }]);

    await database.dataSource.undoLastMigration({ transaction: "each" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const behind = await fetch(`${server.url}/readyz`);
      expect([behind.status, await behind.json()]).toEqual([503, { status: "not ready", database: "reachable", migrations: "pending" }]);
    } finally {
      await database.dataSource.runMigrations({ transaction: "each" });
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
