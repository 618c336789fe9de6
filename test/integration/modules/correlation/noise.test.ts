// Noise set aside, never hidden: on the corpus shaped like real telemetry (test/support/campaign-corpus.ts)
// with the bundled MISP warninglists installed, the OS, browser and cloud background is set aside with
// the list that matched it, internal addresses stay (ranked by prevalence), and analysts' dispositions,
// exclusion rules and list switches take effect at the next query. The expected sets were worked out by
// hand from the corpus and the lists' entries (tranco10k, google, captive-portals, crl-hostname,
// microsoft-office365, microsoft-win10-connection-endpoints, cloudflare, microsoft-azure, microsoft-office365-ip).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Database } from "../../../../src/database/data-source";
import { createServices, type Services } from "../../../../src/modules/services";
import { createTestApi, type TestApi } from "../../../support/api";
import { BACKGROUND_DOMAINS, CAMPAIGN, campaignCorpus } from "../../../support/campaign-corpus";
import { openTestDatabase } from "../../../support/database";
import { type FixtureHunt, Hunting } from "../../../support/hunting";

const OVERLAPS = `query Overlaps($includeSuppressed: Boolean) {
  correlation {
    summary
    iocOverlaps(first: 100, includeSuppressed: $includeSuppressed) {
      totalCount suppressedCount
      nodes { value score disposition reasons { signal effect detail } suppressedBy { source id reason } }
    }
    suppressed(first: 100) { totalCount nodes { value suppressedBy { source id reason } } }
  }
}`;

/** The background every hunt shares that no list matches, and the internal servers. */
const SHOWN_BACKGROUND = [
  "142.250.185.78",
  // the stand-ins for svchost.exe, explorer.exe and conhost.exe
  "643ec58e82e0272c97c2a59f6020970d881af19c0ad5029db9c958c13b6558c7",
  "1bc5066ddf693fc034d6514618854e26a84fd0d684eb5c4b3cd7a4e8c6a5b5e4",
  "3d46e95284f93bbb76b3b7e1bf0e1b2d51e8a9a6c49a1c5d1f4b47f1d5f2a3b0",
  "10.0.0.53",
  "10.0.0.10",
];
/** Every background domain, its URL, and the four cloud and CDN addresses. */
const SET_ASIDE = [
  ...BACKGROUND_DOMAINS,
  ...BACKGROUND_DOMAINS.map((domain) => `https://${domain}/`),
  "13.107.42.14",
  "20.190.151.7",
  "52.96.165.34",
  "104.18.32.7",
];

let database: Database;
let services: Services;
let api: TestApi;
let hunts: FixtureHunt[];

beforeAll(async () => {
  database = await openTestDatabase();
  services = createServices(database);
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  hunts = [];
  for (const { name, exports } of campaignCorpus()) {
    const hunt = await hunting.hunt(name);
    hunts.push(hunt);
    for (const { filename, csv } of exports) await hunting.dataset(hunt, filename, csv);
  }
  await services.warninglists.installBundled();
}, 120_000);
afterAll(() => database.close());

const overlaps = async (includeSuppressed = false) => (await api.data<any>(OVERLAPS, { includeSuppressed })).correlation;
const errorsOf = async (query: string, variables: Record<string, unknown>) => (await api.run(query, variables)).errors as any[];
const values = (nodes: { value: string }[]) => nodes.map((node) => node.value).sort();
const nodeOf = (nodes: any[], value: string) => nodes.find((node) => node.value === value);

describe("with the bundled warninglists", () => {
  it("sets the background aside and shows the campaign first, then what no list explains", async () => {
    const { iocOverlaps } = await overlaps();
    expect(values(iocOverlaps.nodes)).toEqual([...Object.values(CAMPAIGN), ...SHOWN_BACKGROUND].sort());
    expect(values(iocOverlaps.nodes.slice(0, 4))).toEqual(Object.values(CAMPAIGN).sort());
    expect([iocOverlaps.totalCount, iocOverlaps.suppressedCount]).toEqual([10, 20]);
    for (const node of iocOverlaps.nodes) expect(node.suppressedBy).toEqual([]);
  });

  it("lists what it set aside with the list that matched it", async () => {
    const { suppressed } = await overlaps();
    expect(suppressed.totalCount).toBe(20);
    expect(values(suppressed.nodes)).toEqual([...SET_ASIDE].sort());
    expect(nodeOf(suppressed.nodes, "update.googleapis.com").suppressedBy).toEqual([
      { source: "WARNINGLIST", id: "tranco10k", reason: "in warninglist 'Top 10K most-used sites from Tranco' (noise)" },
    ]);
    expect(nodeOf(suppressed.nodes, "ocsp.digicert.com").suppressedBy.map((s: any) => s.id)).toEqual([
      "crl-hostname",
      "microsoft-office365",
      "microsoft-win10-connection-endpoints",
      "tranco10k",
    ]);
    expect(nodeOf(suppressed.nodes, "104.18.32.7").suppressedBy).toEqual([
      { source: "WARNINGLIST", id: "cloudflare", reason: "in warninglist 'List of known Cloudflare IP ranges' (noise)" },
    ]);
  });

  it("keeps internal addresses, which rfc1918 and rfc5735 match, and says why", async () => {
    const { iocOverlaps } = await overlaps();
    expect(nodeOf(iocOverlaps.nodes, "10.0.0.53").reasons).toContainEqual({
      signal: "INTERNAL",
      effect: 0,
      detail: "internal address (private range): never noise, ranked by its prevalence",
    });
    expect(nodeOf(iocOverlaps.nodes, "10.0.0.53").reasons.map((r: any) => r.signal)).not.toContain("NOISE");
  });

  it("adds one line to ThreatHunt's summary, counted over what is shown", async () => {
    const { summary } = await overlaps();
    expect(summary).toBe(
      [
        "Correlation analysis across 8 hunts:",
        "  - 10 shared IOCs (0 flagged malicious)",
        "  - 20 shared values set aside as noise (20 by warninglists)",
      ].join("\n"),
    );
  });

  it("shows everything with includeSuppressed, the noise with its reason and a NOISE effect", async () => {
    const { iocOverlaps } = await overlaps(true);
    expect([iocOverlaps.totalCount, iocOverlaps.suppressedCount]).toEqual([30, 20]);
    const google = nodeOf(iocOverlaps.nodes, "https://www.google.com/");
    expect(google.suppressedBy.map((s: any) => s.id)).toEqual(["captive-portals", "google", "tranco10k"]);
    expect(google.reasons).toContainEqual({
      signal: "NOISE",
      effect: -6,
      detail:
        "in warninglists 'Captive Portal Detection Hostnames', 'List of known google domains', 'Top 10K most-used sites from Tranco' (noise)",
    });
    // Noise ranks below everything shown.
    const lowestShown = Math.min(...iocOverlaps.nodes.filter((n: any) => n.suppressedBy.length === 0).map((n: any) => n.score));
    expect(google.score).toBeLessThan(lowestShown);
  });

  it("brings a disabled list's values back at once, and sets them aside again when it is enabled", async () => {
    await services.warninglists.update("tranco10k", { enabled: false });
    try {
      const { iocOverlaps } = await overlaps();
      // The three values only tranco10k matches: update.googleapis.com, its URL, and the URL of
      // ocsp.digicert.com (crl-hostname applies to domains, not URLs). The microsoft and google lists
      // still hold the rest (".microsoftonline.com", ".google.com", ... match their subdomains).
      expect([iocOverlaps.totalCount, iocOverlaps.suppressedCount]).toEqual([13, 17]);
      expect(values(iocOverlaps.nodes)).toEqual(
        expect.arrayContaining(["update.googleapis.com", "https://update.googleapis.com/", "https://ocsp.digicert.com/"]),
      );
      expect(values(iocOverlaps.nodes)).not.toContain("www.google.com");
    } finally {
      await services.warninglists.update("tranco10k", { enabled: true });
    }
    expect((await overlaps()).iocOverlaps.totalCount).toBe(10);
  });

  it("shows a list's values when it is switched to CONTEXT; a block as broad as 104.16.0.0/13 raises nothing", async () => {
    await services.warninglists.update("cloudflare", { role: "CONTEXT" });
    try {
      const { iocOverlaps } = await overlaps();
      const cloudflare = nodeOf(iocOverlaps.nodes, "104.18.32.7");
      expect(cloudflare.suppressedBy).toEqual([]);
      expect(cloudflare.reasons.map((r: any) => r.signal)).not.toContain("CONTEXT");
    } finally {
      await services.warninglists.update("cloudflare", { role: "NOISE" });
    }
  });
});

describe("a CONTEXT list", () => {
  let lists: string;
  beforeAll(() => {
    lists = mkdtempSync(path.join(tmpdir(), "warninglists-"));
    mkdirSync(path.join(lists, "lab-sinkholes"));
    writeFileSync(
      path.join(lists, "lab-sinkholes", "list.json"),
      JSON.stringify({
        name: "Lab sinkhole domains",
        description: "Domains a lab sinkholed",
        version: 20261201,
        type: "hostname",
        matching_attributes: ["domain", "hostname", "url"],
        list: ["FreshUpdates.top.", "not a domain name"],
      }),
    );
  });
  afterAll(() => rmSync(lists, { recursive: true, force: true }));

  it("raises the values it matches, by its default role, on data already imported", async () => {
    const before = nodeOf((await overlaps()).iocOverlaps.nodes, CAMPAIGN.domain).score;
    const [outcome] = await services.warninglists.importDirectory(lists);
    expect(outcome).toEqual({
      name: "lab-sinkholes",
      status: "added",
      entries: 1,
      rejected: { count: 1, examples: ["not a domain name"] },
    });
    const { iocOverlaps } = await overlaps();
    for (const value of [CAMPAIGN.domain, CAMPAIGN.url]) {
      expect(nodeOf(iocOverlaps.nodes, value).reasons).toContainEqual({
        signal: "CONTEXT",
        effect: 3,
        detail: "in warninglist 'Lab sinkhole domains' (context)",
      });
    }
    expect(nodeOf(iocOverlaps.nodes, CAMPAIGN.domain).score).toBe(before + 3);
    expect(nodeOf(iocOverlaps.nodes, CAMPAIGN.ip).reasons.map((r: any) => r.signal)).not.toContain("CONTEXT");
  });

  it("takes a new version's entries at once: values it no longer lists lose the context, new ones gain it", async () => {
    const version = (number: number, list: string[]) => {
      const file = path.join(lists, "lab-sinkholes", "list.json");
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), version: number, list }));
    };
    const signals = async (value: string) => nodeOf((await overlaps()).iocOverlaps.nodes, value).reasons.map((r: any) => r.signal);
    version(20261202, ["unrelated.example"]);
    expect((await services.warninglists.importDirectory(lists))[0]).toMatchObject({ status: "updated", entries: 1 });
    expect(await signals(CAMPAIGN.domain)).not.toContain("CONTEXT");
    expect(await signals(CAMPAIGN.url)).not.toContain("CONTEXT");
    version(20261203, ["unrelated.example", "freshupdates.top"]);
    expect((await services.warninglists.importDirectory(lists))[0]).toMatchObject({ status: "updated", entries: 2 });
    expect(await signals(CAMPAIGN.domain)).toContain("CONTEXT");
    expect(await signals(CAMPAIGN.url)).toContain("CONTEXT");
    await services.warninglists.update("lab-sinkholes", { enabled: false });
  });
});

describe("analysts' dispositions", () => {
  const SET = `mutation Set($input: DispositionInput!) { setDisposition(input: $input) { disposition { id disposition value huntId } } }`;
  const REMOVE = `mutation Remove($id: ID!) { removeDisposition(id: $id) { disposition { id } } }`;

  it("moves a BENIGN indicator to `suppressed` with the analyst's reason, and brings it back when removed", async () => {
    const {
      setDisposition: { disposition: setDisposition },
    } = await api.data<any>(SET, {
      input: { iocType: "DOMAIN", value: "CDN-SYNC.freshupdates[.]top", disposition: "BENIGN", reason: "internal red team exercise" },
    });
    expect(setDisposition).toMatchObject({ disposition: "BENIGN", value: CAMPAIGN.domain, huntId: null });
    const { iocOverlaps, suppressed, summary } = await overlaps();
    expect(values(iocOverlaps.nodes)).not.toContain(CAMPAIGN.domain);
    expect(nodeOf(suppressed.nodes, CAMPAIGN.domain).suppressedBy).toEqual([
      { source: "DISPOSITION", id: setDisposition.id, reason: "marked benign by an analyst: internal red team exercise" },
    ]);
    expect(summary).toContain("  - 21 shared values set aside as noise (20 by warninglists, 1 by analysts' dispositions)");
    await api.data(REMOVE, { id: setDisposition.id });
    expect(values((await overlaps()).iocOverlaps.nodes)).toContain(CAMPAIGN.domain);
  });

  it("applies a disposition for one hunt only when that hunt is correlated", async () => {
    const {
      setDisposition: { disposition: setDisposition },
    } = await api.data<any>(SET, {
      input: { iocType: "IP", value: CAMPAIGN.ip, huntId: hunts[1].id, disposition: "IGNORED", reason: "not this case" },
    });
    try {
      expect(values((await overlaps()).suppressed.nodes)).toContain(CAMPAIGN.ip);
      // The campaign is in hunts[1], hunts[4] and hunts[6]: correlating the last two leaves hunts[1] out.
      const scoped = await api.data<any>(
        `query($ids: [ID!]) { correlation(huntIds: $ids) { iocOverlaps(first: 100) { nodes { value disposition } } } }`,
        {
          ids: [hunts[4].id, hunts[6].id],
        },
      );
      expect(values(scoped.correlation.iocOverlaps.nodes)).toContain(CAMPAIGN.ip);
    } finally {
      await api.data(REMOVE, { id: setDisposition.id });
    }
  });

  it("keeps an ESCALATED value shown whatever lists match it, and raises it", async () => {
    const {
      setDisposition: { disposition: setDisposition },
    } = await api.data<any>(SET, {
      input: { iocType: "DOMAIN", value: "www.google.com", disposition: "ESCALATED", reason: "seen in the phishing kit" },
    });
    try {
      const google = nodeOf((await overlaps()).iocOverlaps.nodes, "www.google.com");
      expect(google.disposition).toBe("ESCALATED");
      expect(google.reasons).toContainEqual({
        signal: "DISPOSITION",
        effect: 8,
        detail: "escalated by an analyst: seen in the phishing kit",
      });
      expect(google.reasons.map((r: any) => r.signal)).toContain("NOISE");
    } finally {
      await api.data(REMOVE, { id: setDisposition.id });
    }
  });

  it("refuses a blank reason and an unknown hunt, naming them, and records nothing", async () => {
    const blank = await errorsOf(SET, { input: { iocType: "IP", value: "1.2.3.4", disposition: "BENIGN", reason: "   " } });
    expect(blank[0].message).toMatch(/reason must not be blank/);
    const unknown = await errorsOf(SET, {
      input: { iocType: "IP", value: "1.2.3.4", disposition: "BENIGN", reason: "x", huntId: "f".repeat(32) },
    });
    expect(unknown[0].extensions.code).toBe("NOT_FOUND");
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM ioc_dispositions`)).toEqual([{ n: 0 }]);
  });
});

describe("exclusion rules", () => {
  const ADD = `mutation Add($input: ExclusionRuleInput!) { addExclusionRule(input: $input) { exclusionRule { id kind pattern } } }`;
  const REMOVE = `mutation Remove($id: ID!) { removeExclusionRule(id: $id) { exclusionRule { id } } }`;

  it("sets aside the internal servers a CIDR rule covers, with the rule's reason, until it is removed", async () => {
    const {
      addExclusionRule: { exclusionRule: addExclusionRule },
    } = await api.data<any>(ADD, {
      input: { kind: "CIDR", pattern: "10.0.0.77/24", reason: "datacenter DNS and proxies" },
    });
    expect(addExclusionRule).toMatchObject({ kind: "CIDR", pattern: "10.0.0.0/24" });
    const { iocOverlaps, suppressed } = await overlaps();
    expect(values(iocOverlaps.nodes)).not.toContain("10.0.0.53");
    expect(nodeOf(suppressed.nodes, "10.0.0.10").suppressedBy).toEqual([
      { source: "EXCLUSION_RULE", id: addExclusionRule.id, reason: "rule CIDR 10.0.0.0/24: datacenter DNS and proxies" },
    ]);
    await api.data(REMOVE, { id: addExclusionRule.id });
    expect(values((await overlaps()).iocOverlaps.nodes)).toEqual(expect.arrayContaining(["10.0.0.53", "10.0.0.10"]));
  });

  it("sets aside a domain and its subdomains, and URLs on them", async () => {
    const {
      addExclusionRule: { exclusionRule: addExclusionRule },
    } = await api.data<any>(ADD, { input: { kind: "DOMAIN", pattern: "*.FreshUpdates.top", reason: "lab" } });
    try {
      const suppressedValues = values((await overlaps()).suppressed.nodes);
      expect(suppressedValues).toEqual(expect.arrayContaining([CAMPAIGN.domain, CAMPAIGN.url]));
    } finally {
      await api.data(REMOVE, { id: addExclusionRule.id });
    }
  });

  it("refuses a pattern that cannot match, naming the problem", async () => {
    const cases: [object, RegExp][] = [
      [{ kind: "CIDR", pattern: "10.0.0.0/33", reason: "x" }, /is not an IPv4 or IPv6 block/],
      [{ kind: "REGEX", pattern: "([a-z", reason: "x" }, /not a regular expression PostgreSQL accepts/],
      [{ kind: "EXACT", pattern: "1.2.3.4", reason: "x" }, /EXACT rule needs iocType/],
      [{ kind: "CIDR", pattern: "10.0.0.0/8", iocType: "DOMAIN", reason: "x" }, /a CIDR rule matches ip values, not domain/],
    ];
    for (const [input, message] of cases) {
      const errors = await errorsOf(ADD, { input });
      expect(errors[0].message).toMatch(message);
      expect(errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM exclusion_rules`)).toEqual([{ n: 0 }]);
  });
});
