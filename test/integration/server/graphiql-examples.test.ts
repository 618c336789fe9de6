// Every GraphiQL example query returns real data, without errors, on the demo database.
import type { Database } from "../../../src/database/data-source";
import { seedDemo } from "../../../src/demo/seed";
import { createServices } from "../../../src/modules/services";
import { EXAMPLE_QUERIES } from "../../../src/server/graphiql-examples";
import { createTestApi, type TestApi } from "../../support/api";
import { openTestDatabase } from "../../support/database";

let database: Database;
let api: TestApi;

beforeAll(async () => {
  database = await openTestDatabase();
  // As `huntgraph serve --demo` does: the bundled warninglists first, then the demo.
  await createServices(database).warninglists.installBundled();
  await seedDemo(database);
  api = await createTestApi(database);
}, 60_000);
afterAll(() => database.close());

describe("GraphiQL's example queries on the demo", () => {
  it("answers what connects the demo hunts with the overlaps written into the demo", async () => {
    const { correlation } = await api.data(EXAMPLE_QUERIES[0].query);
    expect(correlation.summary).toBe(
      [
        "Correlation analysis across 3 hunts:",
        "  - 6 shared IOCs (1 flagged malicious)",
        "  - 5 overlapping time windows",
        "  - 1 shared MITRE techniques",
        "  - 2 hosts appearing in multiple hunts (potential lateral movement)",
        "  - 2 shared values set aside as noise (2 by warninglists)",
      ].join("\n"),
    );
    expect(correlation.totalCorrelations).toBe(14);
    // Office 365, which both the finance and the build hunts talk to, is set aside with the lists' names.
    expect(correlation.iocOverlaps.suppressedCount).toBe(2);
    expect(correlation.suppressed.nodes.map((o: any) => [o.value, o.suppressedBy.map((s: any) => s.id)])).toEqual(
      expect.arrayContaining([
        ["52.97.146.2", ["microsoft-office365-ip"]],
        ["outlook.office365.com", expect.arrayContaining(["microsoft-office365"])],
      ]),
    );
    // Ranked by score: the two indicators with a verdict first, each with the signals that put it there.
    expect(correlation.iocOverlaps.nodes.slice(0, 2).map((o: any) => [o.value, o.rowCount, o.verdict])).toEqual([
      ["185.220.101.45", 7, "MALICIOUS"],
      ["update-check.example-cdn.net", 3, "SUSPICIOUS"],
    ]);
    expect(correlation.iocOverlaps.nodes[0].reasons[0]).toEqual({ signal: "VERDICT", effect: 10, detail: "verdict malicious (abuseipdb)" });
    expect(correlation.iocOverlaps.nodes[0].score).toBeGreaterThan(correlation.iocOverlaps.nodes[2].score);
    expect(correlation.hostOverlaps.nodes.map((o: any) => o.hostname)).toEqual(["BUILD-07", "FIN-WS-014"]);
    expect(correlation.techniqueOverlaps.nodes).toEqual([
      { techniqueId: "T1059.001", techniqueName: "PowerShell", hunts: expect.arrayContaining([{ name: "Emotet follow-up, finance" }]) },
    ]);
  });

  it("lists the demo hunts with their datasets", async () => {
    const { hunts } = await api.data(EXAMPLE_QUERIES[1].query);
    expect(hunts.totalCount).toBe(3);
    expect(hunts.nodes.map((h: any) => h.datasets.totalCount).sort()).toEqual([1, 2, 2]);
    // the typed column profile: the finance netstat export's remote address is an IP column mapped to dst_ip
    const netstat = hunts.nodes.flatMap((h: any) => h.datasets.nodes).find((d: any) => d.filename === "fin-netstat.csv");
    expect(netstat.columns.find((c: any) => c.name === "Raddr.IP")).toEqual({
      name: "Raddr.IP",
      type: "IP",
      canonicalName: "dst_ip",
      iocType: "IP",
    });
  });

  it("finds a defanged IP in every dataset that holds it", async () => {
    const { iocSightings } = await api.data(EXAMPLE_QUERIES[2].query);
    expect(iocSightings.totalCount).toBe(3);
    expect(iocSightings.nodes.map((s: any) => `${s.dataset.filename}:${s.column}`).sort()).toEqual([
      "build-dns.csv:answer",
      "build-netstat.csv:Raddr.IP",
      "fin-netstat.csv:Raddr.IP",
    ]);
  });

  it("shows the malicious shared indicator with its enrichment", async () => {
    const { correlation } = await api.data(EXAMPLE_QUERIES[3].query);
    expect(correlation.iocOverlaps.totalCount).toBe(1);
    expect(correlation.iocOverlaps.nodes[0]).toMatchObject({
      value: "185.220.101.45",
      enrichments: [{ source: "abuseipdb", verdict: "MALICIOUS", expired: false }],
    });
  });
});
