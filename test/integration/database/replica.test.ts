// Read-only requests on a streaming replica (DATABASE_READ_URL). A throw-away primary and replica are made
// for the test (test/support/replica.ts); the server runs on the primary with the replica for reads.
// Made by hand: an analyst's token imports two hunts that share one address, then a third hunt with a
// second shared address while the replica's replay is paused; a viewer's token reads the correlation.
import pino from "pino";
import { type Database, migrate, openDatabase } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { logger } from "../../../src/shared/logger";
import { csv } from "../../support/hunting";
import { type Clusters, startClusters } from "../../support/replica";

const MAX_LAG_MS = 2000;
const SCHEMA = "huntgraph_replica_test";
const COUNT = `{ correlation { iocOverlaps { totalCount } } }`;

let clusters: Clusters;
let primary: Database;
let server: RunningServer;
let analyst: string;
let viewer: string;
const lines: Array<Record<string, any>> = [];
let write: jest.SpyInstance;

async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as any;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, from: response.headers.get("x-huntgraph-read-from") };
}

async function huntSharing(name: string, ...addresses: string[]): Promise<void> {
  const { data } = await graphql(
    analyst,
    `
      mutation ($name: String!) {
        createHunt(input: { name: $name }) {
          hunt {
            id
          }
        }
      }
    `,
    { name },
  );
  const upload = await fetch(`${server.url}/hunts/${data.createHunt.hunt.id}/datasets?filename=${name}.csv`, {
    method: "POST",
    headers: { "content-type": "text/csv", authorization: `Bearer ${analyst}` },
    body: csv("Hostname,dst_ip", ...addresses.map((address) => `${name}-WS,${address}`)),
  });
  expect(upload.status).toBe(201);
}

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const replicaLines = () => lines.filter((line) => String(line.msg).startsWith("the read replica"));

beforeAll(async () => {
  clusters = await startClusters();
  primary = await openDatabase({ kind: "postgres", url: clusters.primaryUrl, schema: SCHEMA });
  await migrate(primary.dataSource);
  logger.level = "info";
  const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  write = jest.spyOn(stream, "write").mockImplementation((line: string) => {
    lines.push(JSON.parse(line));
    return true;
  });
  server = await startServer(primary, {
    host: "127.0.0.1",
    port: 0,
    slowRequestMs: 60_000,
    tokens: { secret: "replica-test-secret-0123456789abcdef", accessMinutes: 30, refreshDays: 7 },
    replica: {
      open: () => openDatabase({ kind: "postgres", url: clusters.replicaUrl, schema: SCHEMA, replica: true }),
      maxLagMs: MAX_LAG_MS,
    },
  });
  analyst = (await server.services.apiTokens.create({ name: "importer", role: "analyst", createdBy: "test" })).secret;
  viewer = (await server.services.apiTokens.create({ name: "dashboard", role: "viewer", createdBy: "test" })).secret;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  write?.mockRestore();
  logger.level = "silent";
  await clusters?.remove();
});

describe("a server with a read replica", () => {
  it("reads a viewer's correlation from the replica, and a writer's own reads from the primary", async () => {
    await huntSharing("Alpha", "91.215.85.10");
    await huntSharing("Beta", "91.215.85.10");
    // the analyst has just written: its reads go to the primary, which has the link
    expect(await graphql(analyst, COUNT)).toEqual({ data: { correlation: { iocOverlaps: { totalCount: 1 } } }, from: "primary" });
    // the viewer reads from the replica once it has replayed the imports
    const read = await eventually("the replica to serve the viewer", async () => {
      const answer = await graphql(viewer, COUNT);
      return answer.from === "replica" && answer.data.correlation.iocOverlaps.totalCount === 1 ? answer : undefined;
    });
    expect(read.from).toBe("replica");
    expect(replicaLines().map((line) => line.msg)).toEqual(["the read replica is current: read-only requests go to it"]);
    // a mutation is never run on the replica
    const { from } = await graphql(
      analyst,
      `
        mutation {
          createHunt(input: { name: "Gamma" }) {
            hunt {
              id
            }
          }
        }
      `,
    );
    expect(from).toBe("primary");
  });

  it("sends reads to the primary, with a log line, when the replica falls behind, and back when it catches up", async () => {
    await clusters.onReplica("SELECT pg_wal_replay_pause()");
    await huntSharing("Delta", "91.215.85.10", "91.215.85.20");
    await huntSharing("Epsilon", "91.215.85.20");
    // within the allowed lag the viewer still reads the replica, which has not replayed the new link
    const stale = await graphql(viewer, COUNT);
    expect(stale).toEqual({ data: { correlation: { iocOverlaps: { totalCount: 1 } } }, from: "replica" });
    // past it, the primary answers, with both links
    const fresh = await eventually("reads to go to the primary", async () => {
      const answer = await graphql(viewer, COUNT);
      return answer.from === "primary" ? answer : undefined;
    });
    expect(fresh.data.correlation.iocOverlaps.totalCount).toBe(2);
    const behind = replicaLines().at(-1)!;
    expect(behind).toMatchObject({
      level: 40,
      replica: "behind",
      maxLagMs: MAX_LAG_MS,
      msg: "the read replica is behind: read-only requests go to the primary",
    });
    expect(behind.lagMs).toBeGreaterThan(MAX_LAG_MS);

    await clusters.onReplica("SELECT pg_wal_replay_resume()");
    const caughtUp = await eventually("the replica to serve again", async () => {
      const answer = await graphql(viewer, COUNT);
      return answer.from === "replica" ? answer : undefined;
    });
    expect(caughtUp.data.correlation.iocOverlaps.totalCount).toBe(2);
    expect(replicaLines().at(-1)!.msg).toBe("the read replica is current: read-only requests go to it");
  });

  it("sends reads to the primary, with a log line, when the replica goes away", async () => {
    await clusters.stopReplica();
    await eventually("the router to notice", async () => (replicaLines().at(-1)?.replica === "unreachable" ? true : undefined));
    expect(replicaLines().at(-1)!.msg).toBe("the read replica is unreachable: read-only requests go to the primary");
    expect(await graphql(viewer, COUNT)).toEqual({ data: { correlation: { iocOverlaps: { totalCount: 2 } } }, from: "primary" });
  });
});
