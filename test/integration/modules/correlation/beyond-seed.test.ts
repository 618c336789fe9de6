// Where huntgraph is deliberately better than ThreatHunt's engine (threathunt.md §4): every row is read,
// results are complete and paged, values and technique ids are compared in canonical form, time ranges
// overlap at all, verdicts are the most severe live result, and overlaps can be filtered. And one rule
// the seed keeps, which the shared occurrence index could blur: host-name columns that are no IOC column
// count as hosts but not as indicators. Each scenario has hunts of its own and is correlated on its own.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { byId, csv, type FixtureDataset, type FixtureHunt, Hunting } from "../../../support/hunting";

const IOC_OVERLAPS = `query IocOverlaps($huntIds: [ID!], $first: Int, $after: String, $type: IocType, $minHunts: Int, $verdict: Verdict) {
  correlation(huntIds: $huntIds) {
    iocOverlaps(first: $first, after: $after, type: $type, minHunts: $minHunts, verdict: $verdict, orderBy: APPEARANCES) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { value type count huntCount }
    }
  }
}`;
const IOC_APPEARANCES = `query IocAppearances($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    iocOverlaps(orderBy: APPEARANCES) { totalCount nodes { value type count hunts { name } appearances { column rawValue occurrences firstRowIndex dataset { name } } } }
  }
}`;
const VERDICTS = `query Verdicts($huntIds: [ID!], $verdict: Verdict) {
  correlation(huntIds: $huntIds) {
    summary
    iocOverlaps(verdict: $verdict, orderBy: APPEARANCES) {
      totalCount
      nodes { value verdict enrichments { iocValue source verdict cachedAt expired } }
    }
  }
}`;
const TIME_OVERLAPS = `query TimeOverlaps($huntIds: [ID!], $minHours: Float) {
  correlation(huntIds: $huntIds) {
    timeOverlaps(minHours: $minHours) { totalCount nodes { start end hours datasetA { name timeRangeStart timeRangeEnd } datasetB { name } } }
  }
}`;
const TECHNIQUE_OVERLAPS = `query TechniqueOverlaps($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    techniqueOverlaps { totalCount nodes { techniqueId techniqueName technique { name revoked } hypotheses { title mitreTechnique hunt { name } } } }
  }
}`;
const HOST_OVERLAPS = `query HostOverlaps($huntIds: [ID!], $minHunts: Int) {
  correlation(huntIds: $huntIds) {
    hostOverlaps(minHunts: $minHunts) { totalCount nodes { hostname appearances huntCount } }
  }
}`;
const LATERAL = `query Lateral($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    summary
    totalCorrelations
    iocOverlaps { totalCount nodes { value type count huntCount appearances { column rawValue occurrences dataset { name } } } }
    hostnameIocs: iocOverlaps(type: HOSTNAME, orderBy: APPEARANCES) { totalCount nodes { value count } }
    hostOverlaps { totalCount nodes { hostname appearances huntCount datasets { column rawValue occurrences dataset { name } } } }
  }
}`;
const IOC_SIGHTINGS = `query IocSightings($value: String!, $type: IocType, $first: Int, $after: String) {
  iocSightings(value: $value, type: $type, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes {
      iocType value rawValue column occurrences firstRowIndex firstSeen lastSeen
      dataset { name } hunt { name } firstRow { rowIndex data }
    }
  }
}`;

const SHA256_UPPER = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
const SHA256_LOWER = SHA256_UPPER.toLowerCase();

/** 2,500 firewall rows, one a minute from 2024-04-01 00:00 UTC; only the last (row 2,500, index 2499) holds 203.0.113.77. */
function deepFirewall(): string {
  const lines = ["Timestamp,dst_ip"];
  for (let i = 0; i < 2500; i++) {
    const time = new Date(Date.UTC(2024, 3, 1) + i * 60_000).toISOString().replace(".000", "");
    lines.push(`${time},${i === 2499 ? "203.0.113.77" : `10.20.${Math.floor(i / 250)}.${i % 250}`}`);
  }
  return csv(...lines);
}

/** 198.18.0.1 ... 198.18.0.130, one a row; the first `twice` of them a second time. */
function wideExport(twice: number): string {
  const values = Array.from({ length: 130 }, (_, i) => `198.18.0.${i + 1}`);
  return csv("dst_ip", ...values, ...values.slice(0, twice));
}

let database: Database;
let api: TestApi;
const hunts: Record<string, FixtureHunt> = {};
const datasets: Record<string, FixtureDataset> = {};
const idsOf = (...names: string[]) => names.map((name) => hunts[name].id);

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  for (const name of [
    "Deep A",
    "Deep B",
    "Wide A",
    "Wide B",
    "Case A",
    "Case B",
    "Revoked A",
    "Revoked B",
    "Fang A",
    "Fang B",
    "Clock A",
    "Clock B",
    "Intel A",
    "Intel B",
    "Triad A",
    "Triad B",
    "Triad C",
    "Sight A",
    "Sight B",
    "Lateral A",
    "Lateral B",
  ]) {
    hunts[name] = await hunting.hunt(name);
  }
  const add = async (hunt: string, filename: string, text: string) => {
    datasets[filename] = await hunting.dataset(hunts[hunt], filename, text);
  };

  await add("Deep A", "deep-firewall.csv", deepFirewall());
  await add("Deep B", "deep-proxy.csv", csv("Timestamp,dst_ip", "2024-04-03T00:00:00Z,203.0.113.77"));

  await add("Wide A", "wide-a.csv", wideExport(10));
  await add("Wide B", "wide-b.csv", wideExport(0));

  await hunting.hypothesis(hunts["Case A"], "Encoded PowerShell", "T1059.001");
  await hunting.hypothesis(hunts["Case B"], "powershell, typed in a hurry", "t1059.001 ");

  await hunting.hypothesis(hunts["Revoked A"], "Old-style PowerShell", "T1086");
  await hunting.hypothesis(hunts["Revoked A"], "Old-style side-loading", "T1073");
  await hunting.hypothesis(hunts["Revoked A"], "Old-style plist", "T1150");
  await hunting.hypothesis(hunts["Revoked B"], "PowerShell", "T1059.001");
  await hunting.hypothesis(hunts["Revoked B"], "DLL hijack", "T1574.001");
  await hunting.hypothesis(hunts["Revoked B"], "Plist, revoked id", "T1547.011");

  await add(
    "Fang A",
    "fang-a.csv",
    csv("Timestamp,query_name,url,sha256", `2024-06-01T00:00:00Z,EVIL.com,hxxp://evil[.]com/x,${SHA256_UPPER}`),
  );
  await add(
    "Fang B",
    "fang-b.csv",
    csv("Timestamp,query_name,url,sha256", `2024-06-02T00:00:00Z,evil.com,http://evil.com/x,${SHA256_LOWER}`),
  );

  await add("Clock A", "clock-a.csv", csv("Timestamp,Hostname", "2024-05-01T00:00:00Z,CLK-A-01", "2024-05-01T06:00:00Z,CLK-A-01"));
  await add("Clock B", "clock-b.csv", csv("Timestamp,Hostname", "2024/05/01 04:30:00,CLK-B-01", "2024/05/01 09:00:00,CLK-B-01"));

  const verdictDomains = ["clean", "error", "expired", "malicious", "mixed", "none", "unknown"].map((v) => `verdict-${v}.example`);
  await add("Intel A", "intel-a.csv", csv("query_name", ...verdictDomains));
  await add("Intel B", "intel-b.csv", csv("query_name", ...verdictDomains));
  const live = "2099-01-01T00:00:00.000Z";
  await hunting.enrich([
    // verdict-mixed: suspicious wins over unknown and clean; the malicious result has expired, error has no verdict
    {
      iocValue: "VERDICT-MIXED[.]example",
      iocType: "DOMAIN",
      source: "urlhaus",
      verdict: "SUSPICIOUS",
      cachedAt: "2025-01-05T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-mixed.example",
      iocType: "DOMAIN",
      source: "otx",
      verdict: "UNKNOWN",
      cachedAt: "2025-01-04T00:00:00.000Z",
      expiresAt: null,
    },
    {
      iocValue: "verdict-mixed.example",
      iocType: "DOMAIN",
      source: "umbrella",
      verdict: "CLEAN",
      cachedAt: "2025-01-03T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-mixed.example",
      iocType: "DOMAIN",
      source: "shodan",
      verdict: "ERROR",
      cachedAt: "2025-01-02T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-mixed.example",
      iocType: "DOMAIN",
      source: "virustotal",
      verdict: "MALICIOUS",
      cachedAt: "2024-01-01T00:00:00.000Z",
      expiresAt: "2024-01-02T00:00:00.000Z",
    },
    {
      iocValue: "verdict-unknown.example",
      iocType: "DOMAIN",
      source: "umbrella",
      verdict: "CLEAN",
      cachedAt: "2025-01-02T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-unknown.example",
      iocType: "DOMAIN",
      source: "otx",
      verdict: "UNKNOWN",
      cachedAt: "2025-01-01T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-clean.example",
      iocType: "DOMAIN",
      source: "umbrella",
      verdict: "CLEAN",
      cachedAt: "2025-01-01T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-malicious.example",
      iocType: "DOMAIN",
      source: "umbrella",
      verdict: "CLEAN",
      cachedAt: "2025-01-02T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "Verdict-Malicious.Example",
      iocType: "DOMAIN",
      source: "virustotal",
      verdict: "MALICIOUS",
      cachedAt: "2025-01-01T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-error.example",
      iocType: "DOMAIN",
      source: "virustotal",
      verdict: "ERROR",
      cachedAt: "2025-01-01T00:00:00.000Z",
      expiresAt: live,
    },
    {
      iocValue: "verdict-expired.example",
      iocType: "DOMAIN",
      source: "virustotal",
      verdict: "MALICIOUS",
      cachedAt: "2024-01-01T00:00:00.000Z",
      expiresAt: "2024-01-02T00:00:00.000Z",
    },
    // same text, other type: not a result for the domain
    {
      iocValue: "verdict-none.example",
      iocType: "URL",
      source: "urlhaus",
      verdict: "MALICIOUS",
      cachedAt: "2025-01-01T00:00:00.000Z",
      expiresAt: live,
    },
  ]);

  // Windows: A 00:00-10:00, B 08:00-20:00, C 09:30-24:00 on 2024-07-01.
  const triadHeader = "Timestamp,Hostname,Raddr.IP,query_name";
  await add(
    "Triad A",
    "triad-a.csv",
    csv(
      triadHeader,
      "2024-07-01T00:00:00Z,TRIAD-HOST-1,192.0.2.10,triad.example",
      "2024-07-01T10:00:00Z,TRIAD-HOST-2,192.0.2.20,alpha.example",
    ),
  );
  await add(
    "Triad B",
    "triad-b.csv",
    csv(
      triadHeader,
      "2024-07-01T08:00:00Z,TRIAD-HOST-1,192.0.2.10,triad.example",
      "2024-07-01T20:00:00Z,TRIAD-HOST-1,192.0.2.20,bravo.example",
    ),
  );
  await add(
    "Triad C",
    "triad-c.csv",
    csv(
      triadHeader,
      "2024-07-01T09:30:00Z,TRIAD-HOST-2,192.0.2.10,charlie.example",
      "2024-07-02T00:00:00Z,TRIAD-HOST-1,192.0.2.30,charlie.example",
    ),
  );

  await add(
    "Sight A",
    "sight-a-dns.csv",
    csv(
      "Timestamp,query_name",
      "2024-08-01T00:00:00Z,unrelated.example",
      "2024-08-01T01:00:00Z,Sighted.Example",
      "2024-08-01T03:00:00Z,unrelated.example",
      "2024-08-01T04:00:00Z,SIGHTED.example",
    ),
  );
  await add("Sight A", "sight-a-notes.csv", csv("Domain,Note", "sighted.example,seen in a phishing mail"));
  await add(
    "Sight B",
    "sight-b-hosts.csv",
    csv(
      "Timestamp,Hostname,query_name",
      "2024-08-01T00:30:00Z,sighted.example,other.example",
      "2024-08-01T02:00:00Z,OTHER-HOST,sighted[.]example",
    ),
  );

  // Hostname and dst_ip are IOC columns; Src Host and Dst Host (src_host, dst_host) hold plain names: host-name
  // columns that are no IOC column.
  await add(
    "Lateral A",
    "lateral-a.csv",
    csv("Hostname,Src Host,dst_ip", "SRV-FS-01,ws-07,198.51.100.23", "SRV-FS-01,ws-07,198.51.100.23", "SRV-FS-01,ws-12,203.0.113.50"),
  );
  await add("Lateral B", "lateral-b.csv", csv("Hostname,Dst Host,dst_ip", "WS-07,srv-fs-01,198.51.100.23", "SRV-FS-01,ws-12,192.0.2.99"));
});
afterAll(() => database.close());

describe("completeness", () => {
  it("finds an indicator that one dataset holds only in its row 2,500, past the seed's 2,000 rows", async () => {
    const { correlation } = await api.data(IOC_APPEARANCES, { huntIds: idsOf("Deep A", "Deep B") });
    expect(datasets["deep-firewall.csv"].rowCount).toBe(2500);
    expect(correlation.iocOverlaps.totalCount).toBe(1);
    expect(correlation.iocOverlaps.nodes).toEqual([
      {
        value: "203.0.113.77",
        type: "IP",
        count: 2,
        hunts: byId(hunts["Deep A"], hunts["Deep B"]).map(({ name }) => ({ name })),
        appearances: expect.arrayContaining([
          { column: "dst_ip", rawValue: "203.0.113.77", occurrences: 1, firstRowIndex: 2499, dataset: { name: "deep-firewall.csv" } },
          { column: "dst_ip", rawValue: "203.0.113.77", occurrences: 1, firstRowIndex: 0, dataset: { name: "deep-proxy.csv" } },
        ]),
      },
    ]);
    expect(correlation.iocOverlaps.nodes[0].appearances).toHaveLength(2);
  });

  it("pages through 130 shared indicators, past the seed's 100, each exactly once", async () => {
    const huntIds = idsOf("Wide A", "Wide B");
    const pages: any[] = [];
    let after: string | undefined;
    do {
      const { correlation } = await api.data(IOC_OVERLAPS, { huntIds, first: 50, after });
      pages.push(correlation.iocOverlaps);
      after = correlation.iocOverlaps.pageInfo.endCursor;
    } while (pages.at(-1).pageInfo.hasNextPage);

    expect(pages.map((page) => page.nodes.length)).toEqual([50, 50, 30]);
    expect(pages.map((page) => page.totalCount)).toEqual([130, 130, 130]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((page) => page.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    const values = pages.flatMap((page) => page.nodes.map((node: any) => node.value));
    expect(new Set(values).size).toBe(130);
    expect(new Set(values)).toEqual(new Set(Array.from({ length: 130 }, (_, i) => `198.18.0.${i + 1}`)));
    // Most appearances first: 198.18.0.1-10 appear twice in Wide A and once in Wide B.
    expect(new Set(values.slice(0, 10))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `198.18.0.${i + 1}`)));
    expect(pages[0].nodes.slice(0, 10).map((node: any) => node.count)).toEqual(Array(10).fill(3));
    expect(pages[0].nodes[10]).toMatchObject({ count: 2, huntCount: 2, type: "IP" });

    // The pages are the one stable order, cut in three.
    const { correlation } = await api.data(IOC_OVERLAPS, { huntIds, first: 500 });
    expect(correlation.iocOverlaps.nodes.map((node: any) => node.value)).toEqual(values);
  });
});

describe("canonical comparison", () => {
  it("correlates `T1059.001` with `t1059.001 ` as one technique, PowerShell", async () => {
    const { correlation } = await api.data(TECHNIQUE_OVERLAPS, { huntIds: idsOf("Case A", "Case B") });
    expect(correlation.techniqueOverlaps).toEqual({
      totalCount: 1,
      nodes: [
        {
          techniqueId: "T1059.001",
          techniqueName: "PowerShell",
          technique: { name: "PowerShell", revoked: false },
          hypotheses: [
            { title: "Encoded PowerShell", mitreTechnique: "T1059.001", hunt: { name: "Case A" } },
            { title: "powershell, typed in a hurry", mitreTechnique: "T1059.001", hunt: { name: "Case B" } },
          ],
        },
      ],
    });
  });

  it("correlates a revoked technique with the one that replaced it, following chains of revocations", async () => {
    // T1086 was revoked by T1059.001; T1073 by T1574.002, itself revoked by T1574.001; T1150 by
    // T1547.011, itself revoked by T1647.
    const { correlation } = await api.data(TECHNIQUE_OVERLAPS, { huntIds: idsOf("Revoked A", "Revoked B") });
    expect(correlation.techniqueOverlaps).toEqual({
      totalCount: 3,
      nodes: [
        {
          techniqueId: "T1059.001",
          techniqueName: "PowerShell",
          technique: { name: "PowerShell", revoked: false },
          hypotheses: [
            { title: "Old-style PowerShell", mitreTechnique: "T1086", hunt: { name: "Revoked A" } },
            { title: "PowerShell", mitreTechnique: "T1059.001", hunt: { name: "Revoked B" } },
          ],
        },
        {
          techniqueId: "T1574.001",
          techniqueName: "DLL",
          technique: { name: "DLL", revoked: false },
          hypotheses: [
            { title: "Old-style side-loading", mitreTechnique: "T1073", hunt: { name: "Revoked A" } },
            { title: "DLL hijack", mitreTechnique: "T1574.001", hunt: { name: "Revoked B" } },
          ],
        },
        {
          techniqueId: "T1647",
          techniqueName: "Plist File Modification",
          technique: { name: "Plist File Modification", revoked: false },
          hypotheses: [
            { title: "Old-style plist", mitreTechnique: "T1150", hunt: { name: "Revoked A" } },
            { title: "Plist, revoked id", mitreTechnique: "T1547.011", hunt: { name: "Revoked B" } },
          ],
        },
      ],
    });
  });

  it("correlates `EVIL.com` with `evil.com`, upper- with lower-case hashes and `hxxp://evil[.]com/x` with `http://evil.com/x`", async () => {
    const { correlation } = await api.data(IOC_APPEARANCES, { huntIds: idsOf("Fang A", "Fang B") });
    const both = byId(hunts["Fang A"], hunts["Fang B"]).map(({ name }) => ({ name }));
    const [a, b] = [datasets["fang-a.csv"], datasets["fang-b.csv"]];
    // Appearances come in hunt id order.
    const [first, second] = hunts["Fang A"].id < hunts["Fang B"].id ? [a, b] : [b, a];
    const seen = (column: string, rawA: string, rawB: string) =>
      [first, second].map((dataset) => ({
        column,
        rawValue: dataset === a ? rawA : rawB,
        occurrences: 1,
        firstRowIndex: 0,
        dataset: { name: dataset.name },
      }));
    // One appearance each, by type then value: domain, hash_sha256, url.
    expect(correlation.iocOverlaps).toEqual({
      totalCount: 3,
      nodes: [
        { value: "evil.com", type: "DOMAIN", count: 2, hunts: both, appearances: seen("query_name", "EVIL.com", "evil.com") },
        { value: SHA256_LOWER, type: "HASH_SHA256", count: 2, hunts: both, appearances: seen("sha256", SHA256_UPPER, SHA256_LOWER) },
        {
          value: "http://evil.com/x",
          type: "URL",
          count: 2,
          hunts: both,
          appearances: seen("url", "hxxp://evil[.]com/x", "http://evil.com/x"),
        },
      ],
    });
  });
});

describe("time overlaps", () => {
  it("finds datetime time ranges that overlap, which the seed's fromisoformat() call always dropped", async () => {
    const { correlation } = await api.data(TIME_OVERLAPS, { huntIds: idsOf("Clock A", "Clock B") });
    expect(correlation.timeOverlaps.totalCount).toBe(1);
    const [overlap] = correlation.timeOverlaps.nodes;
    expect(overlap).toMatchObject({ start: "2024-05-01T04:30:00.000Z", end: "2024-05-01T06:00:00.000Z", hours: 1.5 });
    expect([overlap.datasetA.name, overlap.datasetB.name].sort()).toEqual(["clock-a.csv", "clock-b.csv"]);
    const clockA = overlap.datasetA.name === "clock-a.csv";
    expect(overlap.datasetA).toMatchObject(
      clockA
        ? { timeRangeStart: "2024-05-01T00:00:00.000Z", timeRangeEnd: "2024-05-01T06:00:00.000Z" }
        : { timeRangeStart: "2024-05-01T04:30:00.000Z", timeRangeEnd: "2024-05-01T09:00:00.000Z" },
    );
  });
});

describe("verdicts", () => {
  it("gives each indicator the most severe of its live results and lists all of them, newest first", async () => {
    const { correlation } = await api.data(VERDICTS, { huntIds: idsOf("Intel A", "Intel B") });
    const result = (iocValue: string, source: string, verdict: string | null, cachedAt: string, expired = false) => ({
      iocValue,
      source,
      verdict,
      cachedAt: `${cachedAt}T00:00:00.000Z`,
      expired,
    });
    expect(correlation.iocOverlaps.totalCount).toBe(7);
    expect(correlation.iocOverlaps.nodes).toEqual([
      {
        value: "verdict-clean.example",
        verdict: "CLEAN",
        enrichments: [result("verdict-clean.example", "umbrella", "CLEAN", "2025-01-01")],
      },
      // an error result carries no verdict
      {
        value: "verdict-error.example",
        verdict: null,
        enrichments: [result("verdict-error.example", "virustotal", "ERROR", "2025-01-01")],
      },
      // an expired result no longer counts, but is still listed
      {
        value: "verdict-expired.example",
        verdict: null,
        enrichments: [result("verdict-expired.example", "virustotal", "MALICIOUS", "2024-01-01", true)],
      },
      {
        value: "verdict-malicious.example",
        verdict: "MALICIOUS",
        enrichments: [
          result("verdict-malicious.example", "umbrella", "CLEAN", "2025-01-02"),
          result("Verdict-Malicious.Example", "virustotal", "MALICIOUS", "2025-01-01"),
        ],
      },
      {
        value: "verdict-mixed.example",
        verdict: "SUSPICIOUS",
        enrichments: [
          result("VERDICT-MIXED[.]example", "urlhaus", "SUSPICIOUS", "2025-01-05"),
          result("verdict-mixed.example", "otx", "UNKNOWN", "2025-01-04"),
          result("verdict-mixed.example", "umbrella", "CLEAN", "2025-01-03"),
          result("verdict-mixed.example", "shodan", "ERROR", "2025-01-02"),
          result("verdict-mixed.example", "virustotal", "MALICIOUS", "2024-01-01", true),
        ],
      },
      // a result for the same text as a URL is not a result for the domain
      { value: "verdict-none.example", verdict: null, enrichments: [] },
      {
        value: "verdict-unknown.example",
        verdict: "UNKNOWN",
        enrichments: [
          result("verdict-unknown.example", "umbrella", "CLEAN", "2025-01-02"),
          result("verdict-unknown.example", "otx", "UNKNOWN", "2025-01-01"),
        ],
      },
    ]);
    // Only verdict-malicious.example is flagged: verdict-expired's and verdict-mixed's malicious results have expired.
    expect(correlation.summary).toBe(["Correlation analysis across 2 hunts:", "  - 7 shared IOCs (1 flagged malicious)"].join("\n"));
  });

  it.each([
    ["MALICIOUS", ["verdict-malicious.example"]],
    ["SUSPICIOUS", ["verdict-mixed.example"]],
    ["UNKNOWN", ["verdict-unknown.example"]],
    ["CLEAN", ["verdict-clean.example"]],
  ])("filters the indicators whose verdict is %s", async (verdict, values) => {
    const { correlation } = await api.data(VERDICTS, { huntIds: idsOf("Intel A", "Intel B"), verdict });
    expect(correlation.iocOverlaps.nodes.map((node: any) => node.value)).toEqual(values);
    expect(correlation.iocOverlaps.nodes.map((node: any) => node.verdict)).toEqual([verdict]);
    expect(correlation.iocOverlaps.totalCount).toBe(values.length);
  });

  it("refuses ERROR as a verdict filter with BAD_USER_INPUT", async () => {
    const result = await api.run(VERDICTS, { huntIds: idsOf("Intel A", "Intel B"), verdict: "ERROR" });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "verdict" });
  });
});

describe("filters", () => {
  const triad = () => idsOf("Triad A", "Triad B", "Triad C");
  const iocs = async (filter: Record<string, unknown>) => {
    const { correlation } = await api.data(IOC_OVERLAPS, { huntIds: triad(), ...filter });
    return {
      totalCount: correlation.iocOverlaps.totalCount,
      values: correlation.iocOverlaps.nodes.map((node: any) => `${node.type} ${node.value} ${node.count}/${node.huntCount}`),
    };
  };

  it("lists the five indicators the three hunts share, most appearances first, then by type and value", async () => {
    expect(await iocs({})).toEqual({
      totalCount: 5,
      values: [
        "HOSTNAME TRIAD-HOST-1 4/3",
        "IP 192.0.2.10 3/3",
        "DOMAIN triad.example 2/2",
        "HOSTNAME TRIAD-HOST-2 2/2",
        "IP 192.0.2.20 2/2",
      ],
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["type IP", { type: "IP" }, ["IP 192.0.2.10 3/3", "IP 192.0.2.20 2/2"]],
    ["type HOSTNAME", { type: "HOSTNAME" }, ["HOSTNAME TRIAD-HOST-1 4/3", "HOSTNAME TRIAD-HOST-2 2/2"]],
    ["type DOMAIN", { type: "DOMAIN" }, ["DOMAIN triad.example 2/2"]],
    ["type URL", { type: "URL" }, []],
    ["minHunts 3", { minHunts: 3 }, ["HOSTNAME TRIAD-HOST-1 4/3", "IP 192.0.2.10 3/3"]],
    ["minHunts 3 and type IP", { minHunts: 3, type: "IP" }, ["IP 192.0.2.10 3/3"]],
    ["minHunts 4", { minHunts: 4 }, []],
  ])("filters IOC overlaps by %s", async (_, filter, values) => {
    expect(await iocs(filter)).toEqual({ totalCount: values.length, values });
  });

  it("refuses minHunts below 2 with BAD_USER_INPUT", async () => {
    const result = await api.run(IOC_OVERLAPS, { huntIds: triad(), minHunts: 1 });
    expect(result.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.errors![0].message).toBe("Invalid input: minHunts must be at least 2, got 1");
  });

  it.each<[number | undefined, number[]]>([
    [undefined, [10.5, 2, 0.5]],
    [1, [10.5, 2]],
    [2, [10.5, 2]],
    [2.01, [10.5]],
    [11, []],
  ])("filters time overlaps by minHours %s", async (minHours, hours) => {
    // B-C 09:30-20:00 is 10.5 h, A-B 08:00-10:00 is 2 h, A-C 09:30-10:00 is 0.5 h.
    const { correlation } = await api.data(TIME_OVERLAPS, { huntIds: triad(), minHours });
    expect(correlation.timeOverlaps.nodes.map((node: any) => node.hours)).toEqual(hours);
    expect(correlation.timeOverlaps.totalCount).toBe(hours.length);
  });

  it.each<[number | undefined, string[]]>([
    [undefined, ["TRIAD-HOST-1 4/3", "TRIAD-HOST-2 2/2"]],
    [3, ["TRIAD-HOST-1 4/3"]],
    [4, []],
  ])("filters host overlaps by minHunts %s", async (minHunts, hosts) => {
    const { correlation } = await api.data(HOST_OVERLAPS, { huntIds: triad(), minHunts });
    expect(correlation.hostOverlaps.nodes.map((node: any) => `${node.hostname} ${node.appearances}/${node.huntCount}`)).toEqual(hosts);
    expect(correlation.hostOverlaps.totalCount).toBe(hosts.length);
  });
});

describe("host-name columns that are no IOC column", () => {
  const lateral = () => idsOf("Lateral A", "Lateral B");
  type Seen = { column: string; rawValue: string; occurrences: number; dataset: { name: string } };
  const seen = (file: string, column: string, rawValue: string, occurrences: number): Seen => ({
    column,
    rawValue,
    occurrences,
    dataset: { name: file },
  });
  /** Appearances as correlation lists them: by hunt id, then column (each hunt has one dataset). */
  const ordered = (...list: Seen[]) => {
    const key = (a: Seen) => `${datasets[a.dataset.name].huntId}\u0000${a.column}`;
    return list.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  };

  it("counts them as hosts but not as indicators, as the seed's two analyses read them", async () => {
    const { correlation } = await api.data(LATERAL, { huntIds: lateral() });
    // The seed's IOC analysis reads Hostname and dst_ip only: SRV-FS-01 in 3 + 1 rows, 198.51.100.23 in 2 + 1.
    // WS-07 is in Lateral B's Hostname only, WS-12 in no IOC column, srv-fs-01 of Dst Host not counted.
    expect(correlation.iocOverlaps).toEqual({
      totalCount: 2,
      nodes: [
        {
          value: "SRV-FS-01",
          type: "HOSTNAME",
          count: 4,
          huntCount: 2,
          appearances: ordered(seen("lateral-a.csv", "Hostname", "SRV-FS-01", 3), seen("lateral-b.csv", "Hostname", "SRV-FS-01", 1)),
        },
        {
          value: "198.51.100.23",
          type: "IP",
          count: 3,
          huntCount: 2,
          appearances: ordered(seen("lateral-a.csv", "dst_ip", "198.51.100.23", 2), seen("lateral-b.csv", "dst_ip", "198.51.100.23", 1)),
        },
      ],
    });
    expect(correlation.hostnameIocs).toEqual({ totalCount: 1, nodes: [{ value: "SRV-FS-01", count: 4 }] });
    // Its host analysis reads Hostname, Src Host and Dst Host, upper-cased: SRV-FS-01 in 3 + 2 rows, WS-07
    // in 2 + 1, WS-12 in 1 + 1. Within a hunt, appearances come by column: "Dst Host" before "Hostname".
    expect(correlation.hostOverlaps).toEqual({
      totalCount: 3,
      nodes: [
        {
          hostname: "SRV-FS-01",
          appearances: 5,
          huntCount: 2,
          datasets: ordered(
            seen("lateral-a.csv", "Hostname", "SRV-FS-01", 3),
            seen("lateral-b.csv", "Dst Host", "srv-fs-01", 1),
            seen("lateral-b.csv", "Hostname", "SRV-FS-01", 1),
          ),
        },
        {
          hostname: "WS-07",
          appearances: 3,
          huntCount: 2,
          datasets: ordered(seen("lateral-a.csv", "Src Host", "ws-07", 2), seen("lateral-b.csv", "Hostname", "WS-07", 1)),
        },
        {
          hostname: "WS-12",
          appearances: 2,
          huntCount: 2,
          datasets: ordered(seen("lateral-a.csv", "Src Host", "ws-12", 1), seen("lateral-b.csv", "Dst Host", "ws-12", 1)),
        },
      ],
    });
    // No time window or technique connects the two hunts: 2 shared IOCs + 3 hosts.
    expect(correlation.summary).toBe(
      [
        "Correlation analysis across 2 hunts:",
        "  - 2 shared IOCs (0 flagged malicious)",
        "  - 3 hosts appearing in multiple hunts (potential lateral movement)",
      ].join("\n"),
    );
    expect(correlation.totalCorrelations).toBe(2 + 3);
  });

  it("still lists them among the sightings of a value", async () => {
    const { iocSightings } = await api.data(IOC_SIGHTINGS, { value: "WS-12" });
    expect(iocSightings.nodes.map((s: any) => [s.iocType, s.dataset.name, s.column, s.rawValue]).sort()).toEqual([
      ["HOSTNAME", "lateral-a.csv", "Src Host", "ws-12"],
      ["HOSTNAME", "lateral-b.csv", "Dst Host", "ws-12"],
    ]);
  });
});

describe("iocSightings", () => {
  /** Every sighting of `sighted.example`, earliest first; the notes file has no timestamps and comes last. */
  const sightings = () => [
    {
      iocType: "HOSTNAME",
      value: "SIGHTED.EXAMPLE",
      rawValue: "sighted.example",
      column: "Hostname",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-08-01T00:30:00.000Z",
      lastSeen: "2024-08-01T00:30:00.000Z",
      dataset: { name: "sight-b-hosts.csv" },
      hunt: { name: "Sight B" },
      firstRow: { rowIndex: 0, data: { Timestamp: "2024-08-01T00:30:00Z", Hostname: "sighted.example", query_name: "other.example" } },
    },
    {
      iocType: "DOMAIN",
      value: "sighted.example",
      rawValue: "Sighted.Example",
      column: "query_name",
      occurrences: 2,
      firstRowIndex: 1,
      firstSeen: "2024-08-01T01:00:00.000Z",
      lastSeen: "2024-08-01T04:00:00.000Z",
      dataset: { name: "sight-a-dns.csv" },
      hunt: { name: "Sight A" },
      firstRow: { rowIndex: 1, data: { Timestamp: "2024-08-01T01:00:00Z", query_name: "Sighted.Example" } },
    },
    {
      iocType: "DOMAIN",
      value: "sighted.example",
      rawValue: "sighted[.]example",
      column: "query_name",
      occurrences: 1,
      firstRowIndex: 1,
      firstSeen: "2024-08-01T02:00:00.000Z",
      lastSeen: "2024-08-01T02:00:00.000Z",
      dataset: { name: "sight-b-hosts.csv" },
      hunt: { name: "Sight B" },
      firstRow: { rowIndex: 1, data: { Timestamp: "2024-08-01T02:00:00Z", Hostname: "OTHER-HOST", query_name: "sighted[.]example" } },
    },
    {
      iocType: "DOMAIN",
      value: "sighted.example",
      rawValue: "sighted.example",
      column: "Domain",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: null,
      lastSeen: null,
      dataset: { name: "sight-a-notes.csv" },
      hunt: { name: "Sight A" },
      firstRow: { rowIndex: 0, data: { Domain: "sighted.example", Note: "seen in a phishing mail" } },
    },
  ];

  it("lists every dataset column where the value occurs, as any type, whatever its case", async () => {
    for (const value of ["SIGHTED.EXAMPLE", "sighted.example", " Sighted.Example "]) {
      const { iocSightings } = await api.data(IOC_SIGHTINGS, { value });
      expect(iocSightings.nodes).toEqual(sightings());
      expect(iocSightings.totalCount).toBe(4);
      expect(iocSightings.pageInfo.hasNextPage).toBe(false);
    }
  });

  it("finds the domain sightings of a defanged value (host names are never refanged)", async () => {
    const { iocSightings } = await api.data(IOC_SIGHTINGS, { value: "Sighted[.]Example" });
    expect(iocSightings.nodes).toEqual(sightings().filter((s) => s.iocType === "DOMAIN"));
    expect(iocSightings.totalCount).toBe(3);
  });

  it("looks the value up as one type only when given one", async () => {
    const domain = await api.data(IOC_SIGHTINGS, { value: "SIGHTED.EXAMPLE", type: "DOMAIN" });
    expect(domain.iocSightings.nodes).toEqual(sightings().filter((s) => s.iocType === "DOMAIN"));
    expect(domain.iocSightings.totalCount).toBe(3);
    const hostname = await api.data(IOC_SIGHTINGS, { value: "Sighted.Example", type: "HOSTNAME" });
    expect(hostname.iocSightings.nodes).toEqual(sightings().filter((s) => s.iocType === "HOSTNAME"));
    expect(hostname.iocSightings.totalCount).toBe(1);
    const url = await api.data(IOC_SIGHTINGS, { value: "sighted.example", type: "URL" });
    expect(url.iocSightings).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it("pages the sightings with first and after", async () => {
    const first = await api.data(IOC_SIGHTINGS, { value: "SIGHTED.EXAMPLE", first: 3 });
    expect(first.iocSightings.nodes).toEqual(sightings().slice(0, 3));
    expect(first.iocSightings.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await api.data(IOC_SIGHTINGS, { value: "SIGHTED.EXAMPLE", first: 3, after: first.iocSightings.pageInfo.endCursor });
    expect(second.iocSightings.nodes).toEqual(sightings().slice(3));
    expect(second.iocSightings.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([first.iocSightings.totalCount, second.iocSightings.totalCount]).toEqual([4, 4]);
  });

  it("finds `evil.com` when asked for `EVIL.COM`, and the indicator of row 2,500", async () => {
    const evil = await api.data(IOC_SIGHTINGS, { value: "EVIL.COM", type: "DOMAIN" });
    expect(evil.iocSightings.nodes.map((s: any) => [s.dataset.name, s.column, s.rawValue, s.value])).toEqual([
      ["fang-a.csv", "query_name", "EVIL.com", "evil.com"],
      ["fang-b.csv", "query_name", "evil.com", "evil.com"],
    ]);
    const deep = await api.data(IOC_SIGHTINGS, { value: "203.0.113.77" });
    expect(deep.iocSightings.nodes.map((s: any) => [s.dataset.name, s.firstRowIndex, s.firstRow.data, s.firstSeen])).toEqual([
      ["deep-firewall.csv", 2499, { Timestamp: "2024-04-02T17:39:00Z", dst_ip: "203.0.113.77" }, "2024-04-02T17:39:00.000Z"],
      ["deep-proxy.csv", 0, { Timestamp: "2024-04-03T00:00:00Z", dst_ip: "203.0.113.77" }, "2024-04-03T00:00:00.000Z"],
    ]);
  });
});
