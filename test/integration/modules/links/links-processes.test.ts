// New cross-hunt links across server processes, and the signed webhook. On PostgreSQL: two `huntgraph
// serve` processes share one database; an import through one reaches a subscriber of the other; the
// webhook (configured on both) is delivered once per link, by one of them, and by the other once the
// first stops; a subscriber that reconnects to the survivor misses nothing. On the embedded database (one
// process per data directory) one server does it all. Made by hand: hunts whose exports share a C2
// address, one more hunt joining per step. The receiver refuses the first delivery (503) once.
import type { ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "../../../../src/database/data-source";
import { startServer } from "../../../../src/server/app";
import { spawnCli } from "../../../support/cli";
import { onPostgres, openTestDatabase } from "../../../support/database";
import { csv } from "../../../support/hunting";
import { collect, wsClient } from "../../../support/subscriptions";

const C2 = "91.215.85.44";
const SECRET = "webhook-test-secret-0123456789";
const LINKS = `subscription ($after: ID) { crossHuntLinks(after: $after) { id value hunt { name } hunts { name } score } }`;

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver: keeps what it takes, answers 503 to the very first delivery. */
async function receiver(): Promise<{ url: string; deliveries: Delivery[]; refused: number; server: Server }> {
  const state = { deliveries: [] as Delivery[], refused: 0 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (state.refused === 0) {
        state.refused++;
        res.writeHead(503).end();
        return;
      }
      state.deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/huntgraph`;
  return Object.assign(state, { url, server });
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const answer = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return ((await answer.json()) as any).data;
}

/** A new hunt, through `url`, with a one-row export that holds the C2 address. */
async function huntSharingC2(url: string, name: string): Promise<void> {
  const { createHunt } = await post(url, `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`, { name });
  const upload = await fetch(`${url}/hunts/${createHunt.hunt.id}/datasets?filename=${name}.csv`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: csv("Hostname,dst_ip", `${name}-WS,${C2}`),
  });
  expect(upload.status).toBe(201);
}

/** The delivery as the receiver checks it: signed with the secret over "<t>.<body>", not older than five minutes. */
function verified(delivery: Delivery): any {
  const header = String(delivery.headers["x-huntgraph-signature"]);
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  expect(v1).toBe(createHmac("sha256", SECRET).update(`${t}.${delivery.body}`).digest("hex"));
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);
  return JSON.parse(delivery.body);
}

let database: Database;
let hook: Awaited<ReturnType<typeof receiver>>;

beforeAll(async () => {
  database = await openTestDatabase();
  hook = await receiver();
});
afterAll(async () => {
  hook.server.close();
  if (onPostgres) await database.close();
});

if (onPostgres) {
  describe("two server processes on one PostgreSQL", () => {
    const processes: ChildProcess[] = [];

    /** Starts `huntgraph serve` on the test's schema, with the webhook; resolves with its URL once it listens. */
    async function serve(): Promise<{ url: string; process: ChildProcess }> {
      const [{ schema }] = await database.dataSource.query(`SELECT current_schema() AS schema`);
      const child = spawnCli(["serve", "--port", "0"], {
        DATABASE_URL: process.env.DATABASE_URL!,
        DATABASE_SCHEMA: schema,
        LOG_LEVEL: "warn",
        HUNTGRAPH_WEBHOOK_URL: hook.url,
        HUNTGRAPH_WEBHOOK_SECRET: SECRET,
      });
      processes.push(child);
      let out = "";
      child.stdout!.on("data", (chunk) => (out += chunk));
      const url = await until("the server to listen", () => /API at (http:\/\/[^/\s]+)\/graphql/.exec(out)?.[1], 60_000);
      return { url, process: child };
    }

    afterAll(async () => {
      for (const child of processes) if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.all(processes.filter((child) => child.exitCode === null).map((child) => once(child, "exit")));
    });

    it("push a link made through one process to the other's subscriber, deliver the webhook once, and fail over", async () => {
      const [a, b] = [await serve(), await serve()];
      const [{ id: after }] = await database.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM ioc_link_events`);
      const onA = wsClient(a.url);
      const links = collect<any>(onA, LINKS, { after });
      // the first hunt holds the C2 alone; the second, imported through B, makes the link
      await huntSharingC2(b.url, "First");
      await huntSharingC2(b.url, "Second");
      const [first] = await links.until(1);
      expect(first.crossHuntLinks).toMatchObject({ value: C2, hunt: { name: "Second" } });
      expect(first.crossHuntLinks.hunts.map((h: any) => h.name).sort()).toEqual(["First", "Second"]);

      // the webhook: refused once (503), retried, then taken, by one process only
      await until("the webhook's delivery", () => hook.deliveries.length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(hook.refused).toBe(1);
      expect(hook.deliveries).toHaveLength(1);
      const body = verified(hook.deliveries[0]);
      expect(body).toMatchObject({
        type: "cross_hunt_link",
        id: first.crossHuntLinks.id,
        iocType: "IP",
        value: C2,
        hunt: { name: "Second" },
      });
      expect(hook.deliveries[0].headers["x-huntgraph-delivery"]).toBe(first.crossHuntLinks.id);
      expect(typeof body.score).toBe("number");

      // A stops; a third hunt joins through B; the subscriber reconnects to B after the last id it saw
      links.stop();
      await onA.dispose();
      a.process.kill("SIGTERM");
      await once(a.process, "exit");
      await huntSharingC2(b.url, "Third");
      const onB = wsClient(b.url);
      const resumed = collect<any>(onB, LINKS, { after: first.crossHuntLinks.id });
      const [third] = await resumed.until(1);
      expect(third.crossHuntLinks).toMatchObject({ value: C2, hunt: { name: "Third" } });
      // whichever process delivered before, B delivers now: once
      await until("the webhook's delivery through B", () => hook.deliveries.length >= 2, 40_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(hook.deliveries.map((delivery) => verified(delivery).hunt.name)).toEqual(["Second", "Third"]);
      resumed.stop();
      await onB.dispose();
    }, 120_000);
  });
} else {
  describe("one server on the embedded database", () => {
    it("pushes a link to a subscriber and delivers the webhook once, signed, after a refusal", async () => {
      const server = await startServer(database, { host: "127.0.0.1", port: 0, webhook: { url: hook.url, secret: SECRET } });
      try {
        const client = wsClient(server.url);
        const links = collect<any>(client, LINKS, { after: await server.services.links.feed.lastId() });
        await huntSharingC2(server.url, "First");
        await huntSharingC2(server.url, "Second");
        const [first] = await links.until(1);
        expect(first.crossHuntLinks).toMatchObject({ value: C2, hunt: { name: "Second" } });
        await until("the webhook's delivery", () => hook.deliveries.length >= 1);
        expect(hook.refused).toBe(1);
        expect(verified(hook.deliveries[0])).toMatchObject({ id: first.crossHuntLinks.id, iocType: "IP", value: C2 });
        links.stop();
        await client.dispose();
      } finally {
        await server.stop();
      }
    }, 60_000);
  });
}
