// The example typed client (examples/client), generated from schema.graphql, against a running server:
// what a UI built on it would see. Made by hand: two hunts whose exports share the C2 domain
// beacon.badcdn.example (two rows and one row) and an internal address; the C2 has a malicious verdict.
import { type Client, createClient, HuntgraphError } from "../../../examples/client/src/client";
import type { Database } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { openTestDatabase } from "../../support/database";
import { csv } from "../../support/hunting";

const C2 = "beacon.badcdn.example";

let database: Database;
let server: RunningServer;
let client: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0 });
  client = createClient({ url: `${server.url}/graphql` });
});
afterAll(() => server.stop());

describe("the example client", () => {
  it("imports into new hunts, then shows the dashboard with the shared C2 ranked first and where else it was seen", async () => {
    const finance = await client.createHunt("Finance beaconing");
    const build = await client.createHunt("Build servers");
    const dns = await client.importCsv(
      finance.id,
      "dns.csv",
      csv("time,Hostname,query_name,dst_ip", `2024-06-01 10:00:00,FIN-1,${C2},10.1.2.3`, `2024-06-01 10:05:00,FIN-1,${C2},10.1.2.3`),
    );
    expect(dns.dataset.rowCount).toBe(2);
    expect(dns.dataset.columns.map((column) => [column.name, column.iocType])).toEqual([
      ["time", null],
      ["Hostname", "HOSTNAME"],
      ["query_name", "DOMAIN"],
      ["dst_ip", "IP"],
    ]);
    await client.importCsv(build.id, "proxy.csv", csv("time,Hostname,host,dst_ip", `2024-06-02 09:00:00,BLD-7,${C2},10.1.2.3`));
    await server.services.enrichments.record([{ iocValue: C2, iocType: "domain", source: "virustotal", verdict: "malicious" }]);

    const dashboard = await client.dashboard([finance.id, build.id], 10);
    expect(dashboard.summaryLines[0]).toBe("Correlation analysis across 2 hunts:");
    expect(dashboard.iocOverlaps.totalCount).toBe(2);
    const [top, second] = dashboard.iocOverlaps.nodes;
    expect([top?.value, top?.iocType, top?.verdict, top?.rowCount, top?.huntCount]).toEqual([C2, "DOMAIN", "MALICIOUS", 3, 2]);
    expect(top?.reasons[0]).toEqual({ signal: "VERDICT", effect: 10, detail: "verdict malicious (virustotal)" });
    expect(second?.value).toBe("10.1.2.3");
    expect(top!.score).toBeGreaterThan(second!.score);

    const sightings = await client.whereElse("beacon[.]badcdn[.]example");
    expect(sightings.totalCount).toBe(2);
    expect(sightings.nodes.map((s) => `${s.hunt?.name}/${s.dataset.filename}/${s.column}/${s.rowCount}`).sort()).toEqual([
      "Build servers/proxy.csv/host/1",
      "Finance beaconing/dns.csv/query_name/2",
    ]);
  });

  it("turns a refusal into a HuntgraphError with its code", async () => {
    const refused = client.importCsv("0".repeat(32), "a.csv", "a\n1\n");
    await expect(refused).rejects.toBeInstanceOf(HuntgraphError);
    await expect(refused).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
