// The fast answer to the default question (every-hunt.sql): its pages by score and its tallies are exactly
// those of scoring and judging every shared value (groups.sql), on a corpus with what moves a score.
//
// The corpus is generated with a fixed seed: six hunts of 8 to 14 hosts; each hunt has an EDR export (with
// the host of each row) and a firewall export (with none, so its values have no host counts). Hosts draw
// their destinations from shared pools with a skewed choice (a few values everywhere, a long tail in two
// or three hunts: the ties real prevalence has), plus internal addresses, values on the bundled lists
// (public resolvers, big-vendor domains: noise; dynamic DNS and URL shorteners: context), and hashes of
// the same binaries on most hosts. On it: verdicts (one expired), dispositions (global and for one hunt),
// an exclusion rule, and one value said to be seen by more hosts than the database counts.
import type { Database } from "../../../../src/database/data-source";
import { SCORE_PAGE_OF_EVERY_HUNT, TALLIES_OF_EVERY_HUNT } from "../../../../src/modules/occurrence/every-hunt.sql";
import { groupsPageByScore, groupTallies } from "../../../../src/modules/occurrence/groups.sql";
import type { GroupTally } from "../../../../src/modules/occurrence/tallies";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, type FixtureHunt, Hunting } from "../../../support/hunting";

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const next = random(7);
/** Skewed towards the start of the pool: index ⌊n·u³⌋. */
const skewed = <T>(pool: readonly T[]) => pool[Math.floor(pool.length * next() ** 3)];

const PUBLIC_IPS = Array.from({ length: 160 }, (_, i) => `185.${100 + (i % 7)}.${(i * 37) % 256}.${(i * 11) % 250}`);
const DOMAINS = Array.from({ length: 120 }, (_, i) => `svc${i}.cdn${i % 9}.example-saas.com`);
const LISTED = ["8.8.8.8", "1.1.1.1", "www.google.com", "login.microsoftonline.com", "bit.ly", "beacon.ddns.net"];
const INTERNAL = Array.from({ length: 12 }, (_, i) => `10.1.${i % 3}.${10 + i}`);
const FIREWALL_IPS = Array.from({ length: 60 }, (_, i) => `45.${60 + (i % 5)}.${(i * 53) % 256}.${(i * 7) % 250}`);
const HASHES = Array.from({ length: 30 }, (_, i) => (i + 1).toString(16).padStart(2, "0").repeat(32));

function exportsOf(h: number): { filename: string; csv: string }[] {
  const hosts = Array.from({ length: 8 + ((h * 5) % 7) }, (_, i) => `H${h}-WS-${String(i + 1).padStart(3, "0")}`);
  const time = (i: number) => new Date(Date.UTC(2025, 4, 1 + h, 9) + i * 47_000).toISOString();
  const edr = ["Timestamp,Hostname,dst_ip,query_name,sha256"];
  const firewall = ["Timestamp,src_ip,dst_ip,dst_port"];
  let i = 0;
  for (const host of hosts) {
    for (let k = 0; k < 25; k++) {
      const domain = next() < 0.1 ? skewed(LISTED.slice(2)) : skewed(DOMAINS);
      const ip = next() < 0.1 ? skewed(LISTED.slice(0, 2)) : next() < 0.2 ? skewed(INTERNAL) : skewed(PUBLIC_IPS);
      edr.push(`${time(i++)},${host},${ip},${domain},${skewed(HASHES)}`);
      firewall.push(`${time(i++)},${skewed(INTERNAL)},${next() < 0.5 ? skewed(FIREWALL_IPS) : skewed(PUBLIC_IPS)},443`);
    }
  }
  return [
    { filename: `hunt-${h + 1}-edr.csv`, csv: csv(...edr) },
    { filename: `hunt-${h + 1}-firewall.csv`, csv: csv(...firewall) },
  ];
}

let database: Database;
let api: TestApi;
let hunts: FixtureHunt[];
let huntIds: string[];

const SET = `mutation Set($input: DispositionInput!) { setDisposition(input: $input) { disposition { id } } }`;
const ADD_RULE = `mutation Add($input: ExclusionRuleInput!) { addExclusionRule(input: $input) { exclusionRule { id } } }`;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  await api.services.warninglists.installBundled();
  const hunting = new Hunting(api);
  hunts = [];
  for (let h = 0; h < 6; h++) {
    const hunt = await hunting.hunt(`Hunt ${h + 1}`);
    hunts.push(hunt);
    for (const { filename, csv: text } of exportsOf(h)) await hunting.dataset(hunt, filename, text);
  }
  huntIds = hunts.map((hunt) => hunt.id).sort();
  const result = (iocValue: string, iocType: string, verdict: string, expiresAt?: string) => ({
    iocValue,
    iocType,
    source: "virustotal",
    verdict,
    expiresAt,
  });
  await hunting.enrich([
    result(PUBLIC_IPS[40], "IP", "MALICIOUS"),
    result(DOMAINS[1], "DOMAIN", "CLEAN"),
    result(HASHES[3], "HASH_SHA256", "SUSPICIOUS"),
    result(PUBLIC_IPS[41], "IP", "MALICIOUS", "2020-01-01T00:00:00Z"),
    result(DOMAINS[50], "DOMAIN", "UNKNOWN"),
  ]);
  const dispose = (value: string, iocType: string, disposition: string, huntId?: string) =>
    api.data(SET, { input: { iocType, value, disposition, reason: `${disposition.toLowerCase()} in review`, huntId } });
  await dispose("8.8.8.8", "IP", "ESCALATED");
  await dispose(PUBLIC_IPS[2], "IP", "BENIGN");
  await dispose(DOMAINS[3], "DOMAIN", "IGNORED", hunts[0].id);
  await api.data(ADD_RULE, { input: { kind: "CIDR", pattern: "185.101.0.0/16", reason: "our SaaS tenant" } });
  // more hosts than the database has host names: reachable when a host column holds cells that are not host names
  await database.dataSource.query(`UPDATE ioc_shared_values SET hosts = 100000 WHERE ioc_type = 'domain' AND value = $1`, [DOMAINS[0]]);
}, 180_000);
afterAll(() => database.close());

const params = (minHunts: number, type: string | null, view: string) => [huntIds, minHunts, type, null, true, view];

describe("the page by score of every hunt's shown IOC overlaps", () => {
  it("has what the corpus was made to have: ties, values without hosts, and every kind of value that is not plain", async () => {
    const [shape] = await database.dataSource.query(
      `SELECT count(*)::int AS shared, count(*) FILTER (WHERE hosts IS NULL)::int AS without_hosts,
              count(DISTINCT (rank_key, cardinality(hunt_ids), datasets, hosts, ioc_type))::int AS tuples,
              count(*) FILTER (WHERE rule_ids <> '{}')::int AS excluded, count(*) FILTER (WHERE internal)::int AS internal
       FROM ioc_shared_values WHERE cardinality(hunt_ids) >= 2`,
    );
    expect(shape.shared).toBeGreaterThan(200);
    expect(shape.without_hosts).toBeGreaterThan(5);
    expect(shape.tuples).toBeLessThan(shape.shared / 2);
    expect(shape.excluded).toBeGreaterThan(5);
    expect(shape.internal).toBe(INTERNAL.length);
  });

  it.each([
    [2, null, 51, 0],
    [2, null, 11, 7],
    [2, null, 26, 100],
    [3, null, 51, 0],
    [2, "domain", 21, 5],
    [2, "ip", 1000, 0],
    [4, "hash_sha256", 6, 1],
  ])("is the page of scoring every value (minHunts %d, type %s, limit %d, offset %d)", async (minHunts, type, limit, offset) => {
    const page = [...params(minHunts, type, "SHOWN"), limit, offset];
    const fast = await database.dataSource.query(SCORE_PAGE_OF_EVERY_HUNT, page);
    const full = await database.dataSource.query(groupsPageByScore("every"), page);
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(full);
  });

  it("pages through every value through the API in score order, ties by type and value, each value once", async () => {
    const QUERY = `query Page($after: String) { correlation { iocOverlaps(first: 40, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { value iocType score } } } }`;
    const seen: { value: string; iocType: string; score: number }[] = [];
    let after: string | undefined;
    let totalCount: number;
    do {
      const { iocOverlaps } = (await api.data<any>(QUERY, { after })).correlation;
      seen.push(...iocOverlaps.nodes);
      totalCount = iocOverlaps.totalCount;
      after = iocOverlaps.pageInfo.hasNextPage ? iocOverlaps.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen.map((node) => `${node.iocType}/${node.value}`)).size).toBe(totalCount);
    const key = (node: (typeof seen)[number]) => [node.iocType, node.value].join("\u0000");
    const sorted = [...seen].sort((a, b) => b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(seen.map(key)).toEqual(sorted.map(key));
    // the escalated resolver is shown despite its list; the benign and excluded values are not
    expect(seen.map((node) => node.value)).toContain("8.8.8.8");
    expect(seen.map((node) => node.value)).not.toContain(PUBLIC_IPS[2]);
    expect(seen.some((node) => node.value.startsWith("185.101."))).toBe(false);
  });
});

describe("the tallies of every hunt's IOC overlaps", () => {
  /** Tallies summed by view and verdict: the two queries may split them into rows differently. */
  const byViewAndVerdict = (tallies: GroupTally[]) => {
    const sums: Record<string, number[]> = {};
    for (const t of tallies) {
      const sum = (sums[`${t.suppressed}/${t.verdict}`] ??= [0, 0, 0, 0]);
      [t.groups, t.by_lists, t.by_rules, t.by_dispositions].forEach((n, i) => (sum[i] += n));
    }
    return sums;
  };

  it.each([
    [2, null],
    [3, null],
    [2, "ip"],
    [2, "url"],
  ])("are those of judging every value (minHunts %d, type %s)", async (minHunts, type) => {
    const fast = await database.dataSource.query(TALLIES_OF_EVERY_HUNT, params(minHunts, type, "ALL"));
    const full = await database.dataSource.query(groupTallies("every"), params(minHunts, type, "ALL"));
    expect(byViewAndVerdict(fast)).toEqual(byViewAndVerdict(full));
  });

  it("count each kind of value once: the malicious address, and the values set aside by lists, rules and analysts", async () => {
    const sums = byViewAndVerdict(await database.dataSource.query(TALLIES_OF_EVERY_HUNT, params(2, null, "ALL")));
    expect(sums["false/malicious"]).toEqual([1, 0, 0, 0]);
    const [{ covered }] = await database.dataSource.query(
      `SELECT count(*)::int AS covered FROM ioc_shared_values WHERE address <<= '185.101.0.0/16' AND cardinality(hunt_ids) >= 2`,
    );
    const [, byLists, byRules, byDispositions] = sums["true/null"];
    expect(byLists).toBeGreaterThan(0);
    expect(byRules).toBe(covered);
    // the benign address, and the domain ignored for the first hunt (correlated here)
    expect(byDispositions).toBe(2);
  });
});

describe("the keys kept for ranking", () => {
  it("are recomputed for the values recorded before, when the migration runs again", async () => {
    const KEYS = `SELECT ioc_type, value, internal, rank_key FROM ioc_shared_values ORDER BY ioc_type, value`;
    const before = await database.dataSource.query(KEYS);
    expect(
      before
        .filter((row: any) => row.internal)
        .map((row: any) => row.value)
        .sort(),
    ).toEqual([...INTERNAL].sort());
    await database.dataSource.undoLastMigration({ transaction: "each" });
    await expect(database.dataSource.query(KEYS)).rejects.toThrow(/internal/);
    await database.dataSource.runMigrations({ transaction: "each" });
    expect(await database.dataSource.query(KEYS)).toEqual(before);
  });
});
