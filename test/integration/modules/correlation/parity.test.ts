// Parity with ThreatHunt's correlation engine: four small hunts, imported as users import them, whose
// overlaps are worked out by hand from the seed's rules (threathunt.md §3) and checked field by field.
// Where huntgraph deliberately differs from the seed, a comment says so beside the expectation.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { byId, csv, type FixtureDataset, type FixtureHunt, Hunting } from "../../../support/hunting";

const CORRELATION = `query Correlation($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    huntIds
    hunts { id name }
    summary
    totalCorrelations
    iocOverlaps(first: 500, orderBy: APPEARANCES) {
      totalCount
      pageInfo { hasNextPage }
      nodes {
        value type count huntCount verdict
        hunts { id name }
        enrichments { source verdict }
        appearances { column rawValue occurrences firstRowIndex firstSeen lastSeen dataset { name } hunt { name } }
      }
    }
    timeOverlaps(first: 500) {
      totalCount
      pageInfo { hasNextPage }
      nodes { start end hours datasetA { id name hunt { id } } datasetB { id name hunt { id } } }
    }
    techniqueOverlaps(first: 500) {
      totalCount
      pageInfo { hasNextPage }
      nodes { techniqueId techniqueName technique { id name } hunts { id name } hypotheses { title status hunt { name } } }
    }
    hostOverlaps(first: 500) {
      totalCount
      pageInfo { hasNextPage }
      nodes { hostname appearances huntCount hunts { id name } datasets { column occurrences dataset { name } } }
    }
  }
}`;
const CORRELATION_IDS = `query CorrelationIds($huntIds: [ID!]) { correlation(huntIds: $huntIds) { huntIds summary } }`;

const H1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const H2 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const UNKNOWN_1 = "00000000000000000000000000000001";
const UNKNOWN_2 = "00000000000000000000000000000002";

// The exports. Time ranges (UTC) in the comments; every hunt's hosts are written upper-case, so the
// seed's raw, case-sensitive IOC comparison and huntgraph's canonical one agree on this fixture.
const LANTERN_NETSTAT = csv(
  // 2024-03-01 08:00 → 12:00
  "Hostname,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status,Timestamp",
  "WS-FIN-01,10.0.0.5,49700,185.220.101.34,443,ESTABLISHED,2024-03-01T08:00:00Z",
  "WS-FIN-01,10.0.0.5,49701,185.220.101.34,443,ESTABLISHED,2024-03-01T09:00:00Z",
  "WS-FIN-02,10.0.0.6,49702,185.220.101.34,443,ESTABLISHED,2024-03-01T10:30:00Z",
  "WS-FIN-02,10.0.0.6,49703,93.184.216.34,80,TIME_WAIT,2024-03-01T12:00:00Z",
);
const LANTERN_PROCESSES = csv(
  // 2024-02-28 09:00 → 09:30
  "Timestamp,Hostname,process_name,sha256",
  `2024-02-28T09:00:00Z,WS-FIN-01,powershell.exe,${H1}`,
  `2024-02-28T09:30:00Z,WS-FIN-01,powershell.exe,${H1}`,
);
const MIRROR_PROXY = csv(
  // 2024-03-01 10:00 → 13:00
  "Timestamp,Host,src_ip,query_name,url",
  "2024-03-01 10:00:00,WS-FIN-01,10.0.0.5,evil.com,http://evil.com/payload.bin",
  "2024-03-01 11:00:00,WS-HR-07,10.0.0.9,evil.com,http://evil.com/payload.bin",
  "2024-03-01 13:00:00,WS-HR-07,10.0.0.9,cdn.example.org,https://cdn.example.org/lib.js",
);
const MIRROR_NETSTAT = csv(
  // one instant, 2024-03-01 11:20: it lies inside other windows, but an overlap of 0 hours is none
  "Hostname,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status,Timestamp",
  "WS-HR-07,10.0.0.9,50100,185.220.101.34,443,ESTABLISHED,2024-03-01T11:20:00Z",
);
const QUARRY_PROCESSES = csv(
  // 2024-03-01 10:40 → 2024-03-02 02:00
  "Timestamp,Hostname,process_name,sha256,command_line",
  `2024-03-01T10:40:00Z,WS-HR-07,powershell.exe,${H1},powershell -enc AAAA`,
  `2024-03-01T11:40:00Z,WS-FIN-01,rundll32.exe,${H2},rundll32 payload.dll`,
  `2024-03-02T02:00:00Z,SRV-DB-01,powershell.exe,${H1},powershell -enc BBBB`,
);
const QUARRY_NETSTAT = csv(
  // 2024-03-01 09:40 → 10:10
  "Hostname,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status,Timestamp",
  "SRV-DB-01,10.0.1.20,51000,185.220.101.34,443,ESTABLISHED,2024-03-01T09:40:00Z",
  "SRV-DB-01,10.0.1.20,51001,93.184.216.34,80,ESTABLISHED,2024-03-01T10:00:00Z",
  "SRV-DB-01,10.0.1.20,51002,93.184.216.34,80,CLOSE_WAIT,2024-03-01T10:10:00Z",
);
const DORMANT_PROXY = csv(
  // 2024-02-28 09:15 → 10:15
  "Timestamp,Host,query_name,url",
  "2024-02-28T09:15:00Z,SRV-DB-01,evil.com,http://evil.com/payload.bin",
  "2024-02-28T10:15:00Z,LAB-01,update.example.net,https://update.example.net/agent.msi",
);

let database: Database;
let api: TestApi;
let lantern: FixtureHunt, mirror: FixtureHunt, quarry: FixtureHunt, dormant: FixtureHunt;
let lanternNetstat: FixtureDataset, lanternProcesses: FixtureDataset, mirrorProxy: FixtureDataset, mirrorNetstat: FixtureDataset;
let quarryProcesses: FixtureDataset, quarryNetstat: FixtureDataset, dormantProxy: FixtureDataset;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  lantern = await hunting.hunt("Lantern");
  mirror = await hunting.hunt("Mirror");
  quarry = await hunting.hunt("Quarry");
  dormant = await hunting.hunt("Dormant");

  await hunting.hypothesis(lantern, "Encoded PowerShell on finance workstations", "T1059.001", "ACTIVE");
  await hunting.hypothesis(lantern, "Beaconing to a Tor exit node", "T1071.001");
  await hunting.hypothesis(lantern, "Unscoped lead");
  await hunting.hypothesis(mirror, "PowerShell download cradle", "T1059.001", "CONFIRMED");
  await hunting.hypothesis(mirror, "Payload pulled through the proxy", "T1105");
  await hunting.hypothesis(quarry, "Rundll32 proxy execution", "T1218.011");
  await hunting.hypothesis(quarry, "Beaconing from the database server", "T1071.001", "ACTIVE");
  await hunting.hypothesis(quarry, "Encoded PowerShell on the database server", "T1059.001");
  await hunting.hypothesis(dormant, "Lab tooling ingress", "T1105");

  lanternNetstat = await hunting.dataset(lantern, "lantern-netstat.csv", LANTERN_NETSTAT);
  lanternProcesses = await hunting.dataset(lantern, "lantern-processes.csv", LANTERN_PROCESSES);
  mirrorProxy = await hunting.dataset(mirror, "mirror-proxy.csv", MIRROR_PROXY);
  mirrorNetstat = await hunting.dataset(mirror, "mirror-netstat.csv", MIRROR_NETSTAT);
  quarryProcesses = await hunting.dataset(quarry, "quarry-processes.csv", QUARRY_PROCESSES);
  quarryNetstat = await hunting.dataset(quarry, "quarry-netstat.csv", QUARRY_NETSTAT);
  dormantProxy = await hunting.dataset(dormant, "dormant-proxy.csv", DORMANT_PROXY);

  // One result per indicator, so that the seed's "some result" and huntgraph's "most severe" agree.
  await hunting.enrich([
    { iocValue: "185.220.101.34", iocType: "IP", source: "virustotal", verdict: "MALICIOUS" },
    { iocValue: "evil.com", iocType: "DOMAIN", source: "urlhaus", verdict: "SUSPICIOUS" },
    { iocValue: H1, iocType: "HASH_SHA256", source: "virustotal", verdict: "CLEAN" },
  ]);
});
afterAll(() => database.close());

const at = (time: string) => `${time}.000Z`;
const huntsOf = (...hunts: FixtureHunt[]) => byId(...hunts).map(({ id, name }) => ({ id, name }));

/**
 * One appearance: a dataset column with its occurrence count. huntgraph lists appearances in the order
 * of the index (hunt id, dataset id, column), so the expected list is put in that order before comparing.
 * The seed has one entry per row instead (`datasets`, {dataset_id, dataset_name, hunt_id, column,
 * ioc_type}); `occurrences` is how many of those entries one appearance stands for.
 */
interface Appearance {
  dataset: FixtureDataset;
  column: string;
  rawValue: string;
  occurrences: number;
  firstRowIndex: number;
  firstSeen: string;
  lastSeen: string;
}

const huntName = (dataset: FixtureDataset) => [lantern, mirror, quarry, dormant].find((hunt) => hunt.id === dataset.huntId)!.name;

function appearances(...list: Appearance[]) {
  const key = (a: Appearance) => `${a.dataset.huntId}\u0000${a.dataset.id}\u0000${a.column}`;
  return [...list]
    .sort((a, b) => (key(a) < key(b) ? -1 : 1))
    .map((a) => ({
      column: a.column,
      rawValue: a.rawValue,
      occurrences: a.occurrences,
      firstRowIndex: a.firstRowIndex,
      firstSeen: at(a.firstSeen),
      lastSeen: at(a.lastSeen),
      dataset: { name: a.dataset.name },
      hunt: { name: huntName(a.dataset) },
    }));
}

// Each overlap as the seed reports it: ioc_value, ioc_type, sorted hunt_ids (as Hunt objects here), count
// (number of row appearances), enrichment_verdict ("" in the seed where huntgraph says null).
const wsFin01 = () => ({
  value: "WS-FIN-01",
  type: "HOSTNAME",
  count: 6,
  huntCount: 3,
  verdict: null,
  hunts: huntsOf(lantern, mirror, quarry),
  enrichments: [],
  appearances: appearances(
    {
      dataset: lanternNetstat,
      column: "Hostname",
      rawValue: "WS-FIN-01",
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T08:00:00",
      lastSeen: "2024-03-01T09:00:00",
    },
    {
      dataset: lanternProcesses,
      column: "Hostname",
      rawValue: "WS-FIN-01",
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-02-28T09:00:00",
      lastSeen: "2024-02-28T09:30:00",
    },
    {
      dataset: mirrorProxy,
      column: "Host",
      rawValue: "WS-FIN-01",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:00:00",
      lastSeen: "2024-03-01T10:00:00",
    },
    {
      dataset: quarryProcesses,
      column: "Hostname",
      rawValue: "WS-FIN-01",
      occurrences: 1,
      firstRowIndex: 1,
      firstSeen: "2024-03-01T11:40:00",
      lastSeen: "2024-03-01T11:40:00",
    },
  ),
});
const torExit = () => ({
  value: "185.220.101.34",
  type: "IP",
  count: 5,
  huntCount: 3,
  verdict: "MALICIOUS",
  hunts: huntsOf(lantern, mirror, quarry),
  enrichments: [{ source: "virustotal", verdict: "MALICIOUS" }],
  appearances: appearances(
    {
      dataset: lanternNetstat,
      column: "Raddr.IP",
      rawValue: "185.220.101.34",
      occurrences: 3,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T08:00:00",
      lastSeen: "2024-03-01T10:30:00",
    },
    {
      dataset: mirrorNetstat,
      column: "Raddr.IP",
      rawValue: "185.220.101.34",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T11:20:00",
      lastSeen: "2024-03-01T11:20:00",
    },
    {
      dataset: quarryNetstat,
      column: "Raddr.IP",
      rawValue: "185.220.101.34",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T09:40:00",
      lastSeen: "2024-03-01T09:40:00",
    },
  ),
});
const powershellHash = () => ({
  value: H1,
  type: "HASH_SHA256",
  count: 4,
  huntCount: 2,
  verdict: "CLEAN",
  hunts: huntsOf(lantern, quarry),
  enrichments: [{ source: "virustotal", verdict: "CLEAN" }],
  appearances: appearances(
    {
      dataset: lanternProcesses,
      column: "sha256",
      rawValue: H1,
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-02-28T09:00:00",
      lastSeen: "2024-02-28T09:30:00",
    },
    {
      dataset: quarryProcesses,
      column: "sha256",
      rawValue: H1,
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:40:00",
      lastSeen: "2024-03-02T02:00:00",
    },
  ),
});
const wsHr07 = () => ({
  value: "WS-HR-07",
  type: "HOSTNAME",
  count: 4,
  huntCount: 2,
  verdict: null,
  hunts: huntsOf(mirror, quarry),
  enrichments: [],
  appearances: appearances(
    {
      dataset: mirrorProxy,
      column: "Host",
      rawValue: "WS-HR-07",
      occurrences: 2,
      firstRowIndex: 1,
      firstSeen: "2024-03-01T11:00:00",
      lastSeen: "2024-03-01T13:00:00",
    },
    {
      dataset: mirrorNetstat,
      column: "Hostname",
      rawValue: "WS-HR-07",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T11:20:00",
      lastSeen: "2024-03-01T11:20:00",
    },
    {
      dataset: quarryProcesses,
      column: "Hostname",
      rawValue: "WS-HR-07",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:40:00",
      lastSeen: "2024-03-01T10:40:00",
    },
  ),
});
const finWorkstation = () => ({
  value: "10.0.0.5",
  type: "IP",
  count: 3,
  huntCount: 2,
  verdict: null,
  hunts: huntsOf(lantern, mirror),
  enrichments: [],
  appearances: appearances(
    {
      dataset: lanternNetstat,
      column: "Laddr.IP",
      rawValue: "10.0.0.5",
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T08:00:00",
      lastSeen: "2024-03-01T09:00:00",
    },
    {
      dataset: mirrorProxy,
      column: "src_ip",
      rawValue: "10.0.0.5",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:00:00",
      lastSeen: "2024-03-01T10:00:00",
    },
  ),
});
const webServer = () => ({
  value: "93.184.216.34",
  type: "IP",
  count: 3,
  huntCount: 2,
  verdict: null,
  hunts: huntsOf(lantern, quarry),
  enrichments: [],
  appearances: appearances(
    {
      dataset: lanternNetstat,
      column: "Raddr.IP",
      rawValue: "93.184.216.34",
      occurrences: 1,
      firstRowIndex: 3,
      firstSeen: "2024-03-01T12:00:00",
      lastSeen: "2024-03-01T12:00:00",
    },
    {
      dataset: quarryNetstat,
      column: "Raddr.IP",
      rawValue: "93.184.216.34",
      occurrences: 2,
      firstRowIndex: 1,
      firstSeen: "2024-03-01T10:00:00",
      lastSeen: "2024-03-01T10:10:00",
    },
  ),
});
// Only with Dormant in scope:
const dbServer = () => ({
  value: "SRV-DB-01",
  type: "HOSTNAME",
  count: 5,
  huntCount: 2,
  verdict: null,
  hunts: huntsOf(quarry, dormant),
  enrichments: [],
  appearances: appearances(
    {
      dataset: quarryProcesses,
      column: "Hostname",
      rawValue: "SRV-DB-01",
      occurrences: 1,
      firstRowIndex: 2,
      firstSeen: "2024-03-02T02:00:00",
      lastSeen: "2024-03-02T02:00:00",
    },
    {
      dataset: quarryNetstat,
      column: "Hostname",
      rawValue: "SRV-DB-01",
      occurrences: 3,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T09:40:00",
      lastSeen: "2024-03-01T10:10:00",
    },
    {
      dataset: dormantProxy,
      column: "Host",
      rawValue: "SRV-DB-01",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-02-28T09:15:00",
      lastSeen: "2024-02-28T09:15:00",
    },
  ),
});
const evilDomain = () => ({
  value: "evil.com",
  type: "DOMAIN",
  count: 3,
  huntCount: 2,
  verdict: "SUSPICIOUS",
  hunts: huntsOf(mirror, dormant),
  enrichments: [{ source: "urlhaus", verdict: "SUSPICIOUS" }],
  appearances: appearances(
    {
      dataset: mirrorProxy,
      column: "query_name",
      rawValue: "evil.com",
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:00:00",
      lastSeen: "2024-03-01T11:00:00",
    },
    {
      dataset: dormantProxy,
      column: "query_name",
      rawValue: "evil.com",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-02-28T09:15:00",
      lastSeen: "2024-02-28T09:15:00",
    },
  ),
});
const payloadUrl = () => ({
  value: "http://evil.com/payload.bin",
  type: "URL",
  count: 3,
  huntCount: 2,
  verdict: null,
  hunts: huntsOf(mirror, dormant),
  enrichments: [],
  appearances: appearances(
    {
      dataset: mirrorProxy,
      column: "url",
      rawValue: "http://evil.com/payload.bin",
      occurrences: 2,
      firstRowIndex: 0,
      firstSeen: "2024-03-01T10:00:00",
      lastSeen: "2024-03-01T11:00:00",
    },
    {
      dataset: dormantProxy,
      column: "url",
      rawValue: "http://evil.com/payload.bin",
      occurrences: 1,
      firstRowIndex: 0,
      firstSeen: "2024-02-28T09:15:00",
      lastSeen: "2024-02-28T09:15:00",
    },
  ),
});

/** A time overlap as the seed reports it (dataset_a, dataset_b, overlap_start, overlap_end, overlap_hours). */
const window = (a: () => FixtureDataset, b: () => FixtureDataset, start: string, end: string, hours: number) => () => ({
  datasets: [a().name, b().name].sort(),
  start: at(start),
  end: at(end),
  hours,
});
// Hours to 2 decimals: 2 h 20 min → 2.33, 1 h 20 min → 1.33, 10 min → 0.17. Mirror's one-instant
// netstat lies inside Lantern's netstat and Quarry's processes, but a 0-hour overlap is none (the
// seed requires start < end).
const proxyAndQuarryProcesses = window(
  () => mirrorProxy,
  () => quarryProcesses,
  "2024-03-01T10:40:00",
  "2024-03-01T13:00:00",
  2.33,
);
const lanternNetstatAndProxy = window(
  () => lanternNetstat,
  () => mirrorProxy,
  "2024-03-01T10:00:00",
  "2024-03-01T12:00:00",
  2,
);
const lanternNetstatAndQuarryProcesses = window(
  () => lanternNetstat,
  () => quarryProcesses,
  "2024-03-01T10:40:00",
  "2024-03-01T12:00:00",
  1.33,
);
const lanternNetstatAndQuarryNetstat = window(
  () => lanternNetstat,
  () => quarryNetstat,
  "2024-03-01T09:40:00",
  "2024-03-01T10:10:00",
  0.5,
);
const lanternProcessesAndDormant = window(
  () => lanternProcesses,
  () => dormantProxy,
  "2024-02-28T09:15:00",
  "2024-02-28T09:30:00",
  0.25,
);
const proxyAndQuarryNetstat = window(
  () => mirrorProxy,
  () => quarryNetstat,
  "2024-03-01T10:00:00",
  "2024-03-01T10:10:00",
  0.17,
);

/**
 * Technique overlaps: technique_id, the hypotheses (title, status, hunt) in creation order, sorted
 * hunt ids. The seed leaves technique_name empty; huntgraph fills it in from ATT&CK.
 */
const powershell = () => ({
  techniqueId: "T1059.001",
  techniqueName: "PowerShell",
  technique: { id: "T1059.001", name: "PowerShell" },
  hunts: huntsOf(lantern, mirror, quarry),
  hypotheses: [
    { title: "Encoded PowerShell on finance workstations", status: "ACTIVE", hunt: { name: "Lantern" } },
    { title: "PowerShell download cradle", status: "CONFIRMED", hunt: { name: "Mirror" } },
    { title: "Encoded PowerShell on the database server", status: "DRAFT", hunt: { name: "Quarry" } },
  ],
});
const webProtocols = () => ({
  techniqueId: "T1071.001",
  techniqueName: "Web Protocols",
  technique: { id: "T1071.001", name: "Web Protocols" },
  hunts: huntsOf(lantern, quarry),
  hypotheses: [
    { title: "Beaconing to a Tor exit node", status: "DRAFT", hunt: { name: "Lantern" } },
    { title: "Beaconing from the database server", status: "ACTIVE", hunt: { name: "Quarry" } },
  ],
});
const ingressToolTransfer = () => ({
  techniqueId: "T1105",
  techniqueName: "Ingress Tool Transfer",
  technique: { id: "T1105", name: "Ingress Tool Transfer" },
  hunts: huntsOf(mirror, dormant),
  hypotheses: [
    { title: "Payload pulled through the proxy", status: "DRAFT", hunt: { name: "Mirror" } },
    { title: "Lab tooling ingress", status: "DRAFT", hunt: { name: "Dormant" } },
  ],
});

/**
 * Host overlaps: the upper-cased host name, sorted hunt ids, the number of appearances (the seed's
 * dataset_count). Where the seed lists the first 10 row appearances, huntgraph lists every dataset column.
 */
const host =
  (hostname: string, count: number, hunts: () => FixtureHunt[], datasets: () => Array<[FixtureDataset, string, number]>) => () => ({
    hostname,
    appearances: count,
    huntCount: hunts().length,
    hunts: huntsOf(...hunts()),
    datasets: appearances(
      ...datasets().map(([dataset, column, occurrences]) => ({
        dataset,
        column,
        occurrences,
        rawValue: "",
        firstRowIndex: 0,
        firstSeen: "",
        lastSeen: "",
      })),
    ).map(({ column, occurrences, dataset }) => ({ column, occurrences, dataset })),
  });
const wsFin01Host = host(
  "WS-FIN-01",
  6,
  () => [lantern, mirror, quarry],
  () => [
    [lanternNetstat, "Hostname", 2],
    [lanternProcesses, "Hostname", 2],
    [mirrorProxy, "Host", 1],
    [quarryProcesses, "Hostname", 1],
  ],
);
const dbServerHost = host(
  "SRV-DB-01",
  5,
  () => [quarry, dormant],
  () => [
    [quarryProcesses, "Hostname", 1],
    [quarryNetstat, "Hostname", 3],
    [dormantProxy, "Host", 1],
  ],
);
const wsHr07Host = host(
  "WS-HR-07",
  4,
  () => [mirror, quarry],
  () => [
    [mirrorProxy, "Host", 2],
    [mirrorNetstat, "Hostname", 1],
    [quarryProcesses, "Hostname", 1],
  ],
);

/** Time overlaps with each pair as a set: huntgraph puts the pair's smaller dataset id first, the seed the one it read first. */
function windows(nodes: any[]) {
  for (const node of nodes) {
    expect(node.datasetA.id < node.datasetB.id).toBe(true);
    expect(node.datasetA.hunt.id).not.toBe(node.datasetB.hunt.id);
  }
  return nodes.map((node) => ({
    datasets: [node.datasetA.name, node.datasetB.name].sort(),
    start: node.start,
    end: node.end,
    hours: node.hours,
  }));
}

describe("correlation of three named hunts", () => {
  let correlation: any;
  beforeAll(async () => {
    ({ correlation } = await api.data(CORRELATION, { huntIds: [quarry.id, lantern.id, mirror.id] }));
  });

  it("names the hunts correlated, in id order", () => {
    expect(correlation.huntIds).toEqual(huntsOf(lantern, mirror, quarry).map((hunt) => hunt.id));
    expect(correlation.hunts).toEqual(huntsOf(lantern, mirror, quarry));
  });

  it("finds the six indicators seen in two or more of the hunts, most appearances first, with every field", () => {
    // The seed sorts by count only, keeping ties in the order it met them (the datasets' order,
    // undefined); huntgraph breaks ties by type, then value: hash_sha256 before hostname at 4,
    // then 10.0.0.5 before 93.184.216.34 at 3.
    expect(correlation.iocOverlaps.nodes).toEqual([wsFin01(), torExit(), powershellHash(), wsHr07(), finWorkstation(), webServer()]);
    expect(correlation.iocOverlaps.totalCount).toBe(6);
    expect(correlation.iocOverlaps.pageInfo.hasNextPage).toBe(false);
  });

  it("finds the five pairs of datasets from different hunts whose time windows overlap, longest first", () => {
    expect(windows(correlation.timeOverlaps.nodes)).toEqual([
      proxyAndQuarryProcesses(),
      lanternNetstatAndProxy(),
      lanternNetstatAndQuarryProcesses(),
      lanternNetstatAndQuarryNetstat(),
      proxyAndQuarryNetstat(),
    ]);
    expect(correlation.timeOverlaps.totalCount).toBe(5);
  });

  it("finds the two techniques held by hypotheses of two or more hunts, most hunts first", () => {
    // The seed does not sort technique overlaps at all; huntgraph orders by number of hunts, then id.
    expect(correlation.techniqueOverlaps.nodes).toEqual([powershell(), webProtocols()]);
    expect(correlation.techniqueOverlaps.totalCount).toBe(2);
  });

  it("finds the two hosts seen in two or more hunts, most appearances first", () => {
    expect(correlation.hostOverlaps.nodes).toEqual([wsFin01Host(), wsHr07Host()]);
    expect(correlation.hostOverlaps.totalCount).toBe(2);
  });

  it("writes the seed's summary and adds up the four totals", () => {
    expect(correlation.summary).toBe(
      [
        "Correlation analysis across 3 hunts:",
        "  - 6 shared IOCs (1 flagged malicious)",
        "  - 5 overlapping time windows",
        "  - 2 shared MITRE techniques",
        "  - 2 hosts appearing in multiple hunts (potential lateral movement)",
      ].join("\n"),
    );
    expect(correlation.totalCorrelations).toBe(6 + 5 + 2 + 2);
  });
});

describe("correlation of every hunt", () => {
  let correlation: any;
  beforeAll(async () => {
    ({ correlation } = await api.data(CORRELATION));
  });

  it("correlates all four hunts", () => {
    expect(correlation.huntIds).toEqual(huntsOf(lantern, mirror, quarry, dormant).map((hunt) => hunt.id));
    expect(correlation.hunts).toEqual(huntsOf(lantern, mirror, quarry, dormant));
  });

  it("adds the indicators Dormant shares: nine in all", () => {
    // Ties: SRV-DB-01 (hostname) before 185.220.101.34 (ip) at 5; domain, ip, ip, url at 3.
    expect(correlation.iocOverlaps.nodes).toEqual([
      wsFin01(),
      dbServer(),
      torExit(),
      powershellHash(),
      wsHr07(),
      evilDomain(),
      finWorkstation(),
      webServer(),
      payloadUrl(),
    ]);
    expect(correlation.iocOverlaps.totalCount).toBe(9);
  });

  it("adds the overlap of Lantern's processes with Dormant's proxy log: six windows in all", () => {
    expect(windows(correlation.timeOverlaps.nodes)).toEqual([
      proxyAndQuarryProcesses(),
      lanternNetstatAndProxy(),
      lanternNetstatAndQuarryProcesses(),
      lanternNetstatAndQuarryNetstat(),
      lanternProcessesAndDormant(),
      proxyAndQuarryNetstat(),
    ]);
    expect(correlation.timeOverlaps.totalCount).toBe(6);
  });

  it("adds T1105, which Mirror and Dormant share", () => {
    expect(correlation.techniqueOverlaps.nodes).toEqual([powershell(), webProtocols(), ingressToolTransfer()]);
    expect(correlation.techniqueOverlaps.totalCount).toBe(3);
  });

  it("adds SRV-DB-01, which Quarry and Dormant share", () => {
    expect(correlation.hostOverlaps.nodes).toEqual([wsFin01Host(), dbServerHost(), wsHr07Host()]);
    expect(correlation.hostOverlaps.totalCount).toBe(3);
  });

  it("writes the seed's summary over all four hunts", () => {
    expect(correlation.summary).toBe(
      [
        "Correlation analysis across 4 hunts:",
        "  - 9 shared IOCs (1 flagged malicious)",
        "  - 6 overlapping time windows",
        "  - 3 shared MITRE techniques",
        "  - 3 hosts appearing in multiple hunts (potential lateral movement)",
      ].join("\n"),
    );
    expect(correlation.totalCorrelations).toBe(9 + 6 + 3 + 3);
  });
});

describe("choosing the hunts", () => {
  it("writes only the summary lines of the kinds of overlap two hunts have", async () => {
    const { correlation } = await api.data(CORRELATION_IDS, { huntIds: [dormant.id, lantern.id] });
    // Lantern's processes and Dormant's proxy log overlap in time, and nothing else connects the two.
    expect(correlation.summary).toBe(
      ["Correlation analysis across 2 hunts:", "  - No shared IOCs found", "  - 1 overlapping time windows"].join("\n"),
    );
    const other = await api.data(CORRELATION_IDS, { huntIds: [dormant.id, quarry.id] });
    // Quarry and Dormant share SRV-DB-01 as an indicator and as a host, and nothing else.
    expect(other.correlation.summary).toBe(
      [
        "Correlation analysis across 2 hunts:",
        "  - 1 shared IOCs (0 flagged malicious)",
        "  - 1 hosts appearing in multiple hunts (potential lateral movement)",
      ].join("\n"),
    );
  });

  it("fails with NOT_FOUND naming every unknown hunt id, and only those", async () => {
    const result = await api.run(CORRELATION_IDS, { huntIds: [lantern.id, UNKNOWN_1, UNKNOWN_2] });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe(`No hunts with id '${UNKNOWN_1}', '${UNKNOWN_2}'`);
    expect(result.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", ids: [UNKNOWN_1, UNKNOWN_2] });

    const one = await api.run(CORRELATION_IDS, { huntIds: [UNKNOWN_1, mirror.id] });
    expect(one.errors![0].message).toBe(`No hunt with id '${UNKNOWN_1}'`);
    expect(one.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", ids: [UNKNOWN_1] });
  });

  it.each([
    ["one hunt", () => [lantern.id], 1],
    ["the same hunt twice", () => [lantern.id, lantern.id], 1],
    ["no hunt", () => [], 0],
  ])("fails with BAD_USER_INPUT when given %s", async (_, huntIds, distinct) => {
    const result = await api.run(CORRELATION_IDS, { huntIds: huntIds() });
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe(`huntIds must name at least 2 different hunts, got ${distinct}`);
    expect(result.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "huntIds" });
  });
});
