// Proof that correlation is lazy and batched: each selection runs exactly the SQL statements it needs,
// an aggregate several fields need is computed once, and per-item fields of a page cost one query.
import type { Database } from "../../../../src/database/data-source";
import * as correlationSql from "../../../../src/modules/correlation/correlation.sql";
import { groupsPage, groupTallies } from "../../../../src/modules/occurrence/groups.sql";
import * as occurrenceSql from "../../../../src/modules/occurrence/occurrence.sql";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, type FixtureHunt, Hunting } from "../../../support/hunting";
import { QueryCounter } from "../../../support/query-counter";

const HUNT_IDS_ONLY = `query HuntIdsOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) { huntIds } }`;
const HOSTS_ONLY = `query HostsOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) { hostOverlaps { nodes { hostname } } } }`;
const HOSTS_WITH_TOTAL = `query HostsWithTotal($huntIds: [ID!]) { correlation(huntIds: $huntIds) { hostOverlaps { totalCount nodes { hostname appearances } } } }`;
const TIMES_ONLY = `query TimesOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) { timeOverlaps { nodes { hours } } } }`;
const TECHNIQUES_ONLY = `query TechniquesOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) { techniqueOverlaps { nodes { techniqueId } } } }`;
const SUMMARY_ONLY = `query SummaryOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) { summary } }`;
const COUNTS = `query Counts($huntIds: [ID!]) { correlation(huntIds: $huntIds) { iocOverlaps { totalCount } summary totalCorrelations } }`;
const VERDICT_PAGE = `query VerdictPage($huntIds: [ID!], $first: Int) {
  correlation(huntIds: $huntIds) { iocOverlaps(first: $first, orderBy: APPEARANCES) { nodes { value verdict enrichments { source } } } }
}`;
const APPEARANCE_PAGE = `query AppearancePage($huntIds: [ID!], $first: Int) {
  correlation(huntIds: $huntIds) { iocOverlaps(first: $first, orderBy: APPEARANCES) { nodes { value appearances { column occurrences } } } }
}`;
const APPEARANCE_PAGE_WITH_ENTITIES = `query AppearancePageWithEntities($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) { iocOverlaps(first: 50, orderBy: APPEARANCES) { nodes { hunts { name } appearances { dataset { name } hunt { name } } } } }
}`;
const HOST_DATASETS = `query HostDatasets($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) { hostOverlaps { nodes { hostname datasets { column occurrences } } } }
}`;

interface Statement {
  sql: string;
  parameters: unknown[];
}

/** A QueryCounter that keeps each statement's parameters too, to tell apart runs of one SQL text. */
class StatementLog extends QueryCounter {
  readonly statements: Statement[] = [];

  override logQuery(query: string, parameters?: unknown[]): void {
    const before = this.queries.length;
    super.logQuery(query);
    if (this.queries.length > before) this.statements.push({ sql: query, parameters: parameters ?? [] });
  }
}

/** A statement's name: the correlation.sql constant it is, or the table a TypeORM read starts from. */
const sql = {
  ...correlationSql,
  ...occurrenceSql,
  // the group queries for named hunts
  IOC_OVERLAPS: groupsPage("some", "ROW_COUNT"),
  GROUP_TALLIES: groupTallies("some"),
};

function nameOf(statement: Statement): string {
  const constant = Object.entries(sql).find(([, text]) => text === statement.sql)?.[0];
  if (constant) return constant;
  if (statement.sql === "SELECT id FROM hunts WHERE id <> ALL($1::varchar[]) ORDER BY id") return "all hunt ids";
  return /\bFROM\s+(?:"\w+"\.)?"?(\w+)"?/i.exec(statement.sql)?.[1] ?? statement.sql;
}

const log = new StatementLog();
let database: Database;
let api: TestApi;
let north: FixtureHunt;
let south: FixtureHunt;
let huntIds: string[];

/** North and South share 60 IPs (198.51.100.1-60), 3 hosts (LZ-0..2, 20 rows each per hunt), one technique and 35 hours. */
function exportOf(day: number): string {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const time = new Date(Date.UTC(2024, 8, day) + i * 3_600_000).toISOString().replace(".000", "");
    return `${time},LZ-${i % 3},198.51.100.${i + 1}`;
  });
  return csv("Timestamp,Hostname,Raddr.IP", ...rows);
}

beforeAll(async () => {
  database = await openTestDatabase({ logger: log });
  // the statements of each request alone: no results shared across requests
  api = await createTestApi(database, { resultCache: false });
  const hunting = new Hunting(api);
  north = await hunting.hunt("North");
  south = await hunting.hunt("South");
  huntIds = [north.id, south.id];
  await hunting.dataset(north, "north.csv", exportOf(1));
  await hunting.dataset(south, "south.csv", exportOf(2));
  await hunting.hypothesis(north, "PowerShell in the north", "T1059.001");
  await hunting.hypothesis(south, "PowerShell in the south", "T1059.001");
  // Two results per IP: virustotal says the odd ones are malicious, the even ones clean; otx never knows,
  // and unknown is more severe than clean.
  await hunting.enrich(
    Array.from({ length: 60 }, (_, i) => [
      { iocValue: `198.51.100.${i + 1}`, iocType: "IP", source: "virustotal", verdict: i % 2 === 0 ? "MALICIOUS" : "CLEAN" },
      { iocValue: `198.51.100.${i + 1}`, iocType: "IP", source: "otx", verdict: "UNKNOWN" },
    ]).flat(),
  );
});
afterAll(() => database.close());

/** Runs one request and returns its data and the statements it ran, with their names. */
async function run(query: string, variables: Record<string, unknown> = { huntIds }) {
  const before = log.statements.length;
  const data = await api.data(query, variables);
  const statements = log.statements.slice(before);
  return { data, statements, names: statements.map(nameOf).sort() };
}

describe("building the correlation", () => {
  it("runs only the check that the named hunts exist", async () => {
    const { data, names, statements } = await run(HUNT_IDS_ONLY);
    expect(data.correlation.huntIds).toEqual([...huntIds].sort());
    expect(names).toEqual(["hunts"]);
    expect(statements[0].parameters).toEqual([huntIds]);
  });

  it("runs only the listing of hunt ids when correlating every hunt", async () => {
    const { data, names } = await run(HUNT_IDS_ONLY, {});
    expect(data.correlation.huntIds).toEqual([...huntIds].sort());
    expect(names).toEqual(["all hunt ids"]);
  });
});

describe("selecting one kind of overlap", () => {
  it("runs exactly the host query for hostOverlaps alone, and nothing of the other analyses", async () => {
    const { data, names, statements } = await run(HOSTS_ONLY);
    expect(data.correlation.hostOverlaps.nodes.map((node: any) => node.hostname)).toEqual(["LZ-0", "LZ-1", "LZ-2"]);
    expect(names).toEqual(["IOC_OVERLAPS", "hunts"]);
    // The host query is the IOC query restricted to host names: 2 hunts, type hostname, no verdict filter
    // (so its verdict subquery on enrichment_results never runs), entries of any column (not only IOC
    // columns), first page of 50 plus one.
    expect(statements.find((s) => s.sql === sql.IOC_OVERLAPS)!.parameters).toEqual([
      [...huntIds].sort(),
      2,
      "hostname",
      null,
      false,
      "ALL",
      51,
      0,
    ]);
    for (const { sql: text } of statements) expect(text).not.toMatch(/hypotheses|time_range/);
  });

  it("adds one count when totalCount is selected", async () => {
    const { data, names } = await run(HOSTS_WITH_TOTAL);
    expect(data.correlation.hostOverlaps.totalCount).toBe(3);
    expect(data.correlation.hostOverlaps.nodes.map((node: any) => node.appearances)).toEqual([40, 40, 40]);
    expect(names).toEqual(["GROUP_TALLIES", "IOC_OVERLAPS", "hunts"]);
  });

  it("runs exactly the time query for timeOverlaps alone", async () => {
    const { data, names, statements } = await run(TIMES_ONLY);
    // North 2024-09-01 00:00 → 09-03 11:00, South 09-02 00:00 → 09-04 11:00: 35 hours in common.
    expect(data.correlation.timeOverlaps.nodes).toEqual([{ hours: 35 }]);
    expect(names).toEqual(["TIME_OVERLAPS", "hunts"]);
    for (const { sql: text } of statements) expect(text).not.toMatch(/hypotheses|ioc_occurrences|enrichment_results/);
  });

  it("runs exactly the technique query for techniqueOverlaps alone", async () => {
    const { data, names, statements } = await run(TECHNIQUES_ONLY);
    expect(data.correlation.techniqueOverlaps.nodes).toEqual([{ techniqueId: "T1059.001" }]);
    expect(names).toEqual(["TECHNIQUE_OVERLAPS", "hunts"]);
    for (const { sql: text } of statements) expect(text).not.toMatch(/time_range|ioc_occurrences|enrichment_results/);
  });
});

describe("counts", () => {
  const SUMMARY = [
    "Correlation analysis across 2 hunts:",
    "  - 63 shared IOCs (30 flagged malicious)",
    "  - 1 overlapping time windows",
    "  - 1 shared MITRE techniques",
    "  - 3 hosts appearing in multiple hunts (potential lateral movement)",
  ].join("\n");

  it("builds the summary from six counts (ThreatHunt's five and what is set aside) and no list", async () => {
    const { data, names } = await run(SUMMARY_ONLY);
    expect(data.correlation.summary).toBe(SUMMARY);
    expect(names).toEqual(["GROUP_TALLIES", "GROUP_TALLIES", "TECHNIQUE_OVERLAP_COUNT", "TIME_OVERLAP_COUNT", "hunts"]);
  });

  it("counts the shared indicators once for iocOverlaps.totalCount, summary and totalCorrelations together", async () => {
    const { data, names, statements } = await run(COUNTS);
    expect(data.correlation).toEqual({ iocOverlaps: { totalCount: 63 }, summary: SUMMARY, totalCorrelations: 63 + 1 + 1 + 3 });
    // Only totalCount of iocOverlaps is selected: no page is read.
    expect(names).toEqual(["GROUP_TALLIES", "GROUP_TALLIES", "TECHNIQUE_OVERLAP_COUNT", "TIME_OVERLAP_COUNT", "hunts"]);
    // Two tallies: of the indicators (of IOC columns only), whose verdicts give the malicious count and
    // whose suppressed ones the set-aside line, and of the hosts (of any column).
    const scope = [...huntIds].sort();
    expect(statements.filter((s) => s.sql === sql.GROUP_TALLIES).map((s) => s.parameters)).toEqual(
      expect.arrayContaining([
        [scope, 2, null, null, true, "ALL"],
        [scope, 2, "hostname", null, false, "ALL"],
      ]),
    );
    const distinct = new Set(statements.map((s) => JSON.stringify([s.sql, s.parameters])));
    expect(distinct.size).toBe(statements.length);
  });
});

it("counts every kind of overlap without reading a page when only totalCount is selected", async () => {
  const { data, names } = await run(`query CountsOnly($huntIds: [ID!]) { correlation(huntIds: $huntIds) {
    iocOverlaps { totalCount } timeOverlaps { totalCount } techniqueOverlaps { totalCount } hostOverlaps { totalCount } } }`);
  expect(data.correlation).toEqual({
    iocOverlaps: { totalCount: 63 },
    timeOverlaps: { totalCount: 1 },
    techniqueOverlaps: { totalCount: 1 },
    hostOverlaps: { totalCount: 3 },
  });
  expect(names).toEqual(["GROUP_TALLIES", "GROUP_TALLIES", "TECHNIQUE_OVERLAP_COUNT", "TIME_OVERLAP_COUNT", "hunts"]);
});

describe("per-item fields of a page", () => {
  it.each([5, 50])("resolves every verdict and enrichment list of a page of %i with one enrichment query", async (first) => {
    const { data, names, statements } = await run(VERDICT_PAGE, { huntIds, first });
    const nodes = data.correlation.iocOverlaps.nodes;
    expect(nodes).toHaveLength(first);
    // The three hosts (40 appearances each) come first and have no results; then the IPs, in value order.
    expect(nodes.slice(0, 3)).toEqual(["LZ-0", "LZ-1", "LZ-2"].map((value) => ({ value, verdict: null, enrichments: [] })));
    for (const node of nodes.slice(3)) {
      const n = Number(node.value.split(".")[3]);
      expect(node.verdict).toBe(n % 2 === 1 ? "MALICIOUS" : "UNKNOWN");
      expect(node.enrichments.map((e: any) => e.source).sort()).toEqual(["otx", "virustotal"]);
    }
    expect(names).toEqual(["IOC_OVERLAPS", "enrichment_results", "hunts"]);
    expect(statements.filter((s) => nameOf(s) === "enrichment_results")).toHaveLength(1);
    expect(statements.find((s) => nameOf(s) === "enrichment_results")!.parameters[0]).toHaveLength(first);
  });

  it.each([5, 50])("resolves the appearances of a page of %i with one query", async (first) => {
    const { data, names } = await run(APPEARANCE_PAGE, { huntIds, first });
    const nodes = data.correlation.iocOverlaps.nodes;
    expect(nodes).toHaveLength(first);
    expect(nodes[0].appearances).toEqual([
      { column: "Hostname", occurrences: 20 },
      { column: "Hostname", occurrences: 20 },
    ]);
    for (const node of nodes.slice(3))
      expect(node.appearances).toEqual([
        { column: "Raddr.IP", occurrences: 1 },
        { column: "Raddr.IP", occurrences: 1 },
      ]);
    expect(names).toEqual(["IOC_OVERLAPS", "OCCURRENCES_OF", "hunts"]);
  });

  it("adds one dataset query and one hunt query for the datasets and hunts of a whole page", async () => {
    const { data, names } = await run(APPEARANCE_PAGE_WITH_ENTITIES);
    const nodes = data.correlation.iocOverlaps.nodes;
    expect(nodes).toHaveLength(50);
    for (const node of nodes) {
      expect(node.hunts.map((hunt: any) => hunt.name).sort()).toEqual(["North", "South"]);
      expect(node.appearances.map((a: any) => [a.dataset.name, a.hunt.name]).sort()).toEqual([
        ["north.csv", "North"],
        ["south.csv", "South"],
      ]);
    }
    // The appearances' hunts are the overlaps' hunts, already loaded: one hunts-by-id query serves both.
    expect(names).toEqual(["IOC_OVERLAPS", "OCCURRENCES_OF", "datasets", "hunts", "hunts"]);
  });

  it("resolves the datasets of every host overlap with one query", async () => {
    const { data, names } = await run(HOST_DATASETS);
    expect(data.correlation.hostOverlaps.nodes).toEqual(
      ["LZ-0", "LZ-1", "LZ-2"].map((hostname) => ({
        hostname,
        datasets: [
          { column: "Hostname", occurrences: 20 },
          { column: "Hostname", occurrences: 20 },
        ],
      })),
    );
    expect(names).toEqual(["IOC_OVERLAPS", "OCCURRENCES_OF", "hunts"]);
  });
});
