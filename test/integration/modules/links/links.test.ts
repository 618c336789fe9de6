// New cross-hunt links, pushed to subscribers over graphql-ws by one server (the two-process case is in
// links-processes.test.ts). Made by hand: hunt A imports a netstat export with a C2 address, an internal
// address and 8.8.8.8 (on the bundled public-DNS NOISE list); hunt B then imports a proxy log that shares
// all three, and hunt C later shares the C2 only.
import type { Database } from "../../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../../src/server/app";
import { openTestDatabase } from "../../../support/database";
import { csv } from "../../../support/hunting";
import { collect, wsClient } from "../../../support/subscriptions";

const C2 = "91.215.85.17";
const LINKS = `subscription ($after: ID, $all: Boolean! = false) {
  crossHuntLinks(after: $after, includeSuppressed: $all) {
    id iocType value score hunt { name } dataset { filename } hunts { name }
    overlap { suppressedBy { source id } reasons { signal } }
  }
}`;

let database: Database;
let server: RunningServer;

async function hunt(name: string): Promise<string> {
  const answer = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`,
      variables: { name },
    }),
  });
  return ((await answer.json()) as any).data.createHunt.hunt.id;
}

async function upload(huntId: string, filename: string, content: string): Promise<void> {
  const answer = await fetch(`${server.url}/hunts/${huntId}/datasets?filename=${filename}`, {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: content,
  });
  expect(answer.status).toBe(201);
}

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0 });
  await server.services.warninglists.installBundled();
});
afterAll(() => server.stop());

describe("the crossHuntLinks subscription", () => {
  let a: string;
  let b: string;
  let firstId: string;

  it("pushes each indicator a new import makes shared, with its hunts and score, and leaves noise out", async () => {
    const client = wsClient(server.url);
    [a, b] = [await hunt("Links A"), await hunt("Links B")];
    // from the last link made before the imports, however long the subscriptions take to start
    const after = await server.services.links.feed.lastId();
    const shown = collect<any>(client, LINKS, { after });
    const all = collect<any>(client, LINKS, { after, all: true });
    await upload(a, "netstat.csv", csv("Hostname,dst_ip", `WS-1,${C2}`, "WS-1,10.9.8.7", "WS-1,8.8.8.8"));
    await upload(b, "proxy.csv", csv("Hostname,dst_ip", `PX-1,${C2}`, "PX-1,10.9.8.7", "PX-1,8.8.8.8"));
    const [internal, c2] = (await shown.until(2)).map((data) => data.crossHuntLinks);
    // in (type, value) order; 8.8.8.8 is set aside as noise
    expect([internal.value, c2.value]).toEqual(["10.9.8.7", C2]);
    expect(c2).toMatchObject({ iocType: "IP", hunt: { name: "Links B" }, dataset: { filename: "proxy.csv" } });
    expect(c2.hunts.map((h: any) => h.name).sort()).toEqual(["Links A", "Links B"]);
    expect(typeof c2.score).toBe("number");
    expect(c2.overlap.suppressedBy).toEqual([]);
    const everything = (await all.until(3)).map((data) => data.crossHuntLinks);
    // by value in byte order: "8.8.8.8" before "91.215.85.17"
    expect(everything.map((link) => link.value)).toEqual(["10.9.8.7", "8.8.8.8", C2]);
    expect(everything[1].overlap.suppressedBy[0]).toMatchObject({ source: "WARNINGLIST" });
    firstId = internal.id;
    shown.stop();
    all.stop();
    await client.dispose();
  });

  it("sends nothing for an import that makes no new link, nor for a reindex that writes the same links again", async () => {
    const before = await server.services.links.feed.lastId();
    await upload(b, "proxy-again.csv", csv("Hostname,dst_ip", `PX-2,${C2}`));
    const dataset = (await database.dataSource.query(`SELECT id FROM datasets WHERE filename = 'proxy.csv'`))[0].id;
    await server.services.reindex.reindex(dataset);
    expect(await server.services.links.feed.lastId()).toBe(before);
  });

  it("resumes after the last id a client saw: what was made while it was away comes first", async () => {
    const c = await hunt("Links C");
    await upload(c, "dns.csv", csv("Hostname,answer", `DNS-1,${C2}`));
    const client = wsClient(server.url);
    const resumed = collect<any>(client, LINKS, { after: firstId });
    const values = (await resumed.until(2)).map((data) => `${data.crossHuntLinks.value} ${data.crossHuntLinks.hunt.name}`);
    // the C2 of the first import, then the C2 that hunt C joined
    expect(values).toEqual([`${C2} Links B`, `${C2} Links C`]);
    resumed.stop();
    await client.dispose();
  });

  it("refuses a cursor that is no link id, and a query sent over the socket", async () => {
    const client = wsClient(server.url);
    const bad = collect<any>(client, LINKS, { after: "yesterday" });
    await expect(bad.until(1, 5000)).rejects.toThrow("after: 'yesterday' is not the id of a cross-hunt link");
    const query = collect<any>(client, `{ hunts { totalCount } }`);
    await expect(query.until(1, 5000)).rejects.toThrow("Only subscriptions go over the WebSocket");
    await client.dispose();
  });
});
