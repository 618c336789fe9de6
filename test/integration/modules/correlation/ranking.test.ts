// The ranked answer: on a corpus shaped like real telemetry (test/support/campaign-corpus.ts: background
// every hunt shares, and a campaign in three of eight hunts), the campaign's indicators come first by
// default, each with the reasons for its place; ThreatHunt's order is still there with APPEARANCES.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { BACKGROUND_DOMAINS, CAMPAIGN, campaignCorpus, HUNTS } from "../../../support/campaign-corpus";
import { openTestDatabase } from "../../../support/database";
import { Hunting } from "../../../support/hunting";

const RANKED = `query Ranked($orderBy: OverlapOrder) {
  correlation {
    iocOverlaps(first: 500, orderBy: $orderBy) {
      totalCount
      nodes { value type count huntCount score reasons { signal effect detail } prevalence { hunts totalHunts datasets totalDatasets } }
    }
  }
}`;

const CAMPAIGN_VALUES: string[] = Object.values(CAMPAIGN);

let database: Database;
let api: TestApi;
let hunting: Hunting;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  hunting = new Hunting(api);
  for (const { name, exports } of campaignCorpus()) {
    const hunt = await hunting.hunt(name);
    for (const { filename, csv } of exports) await hunting.dataset(hunt, filename, csv);
  }
});
afterAll(() => database.close());

const ranked = async (orderBy?: string) => (await api.data<any>(RANKED, { orderBy })).correlation.iocOverlaps;

describe("the ranked answer", () => {
  it("puts every campaign indicator above every background value by default", async () => {
    const { totalCount, nodes } = await ranked();
    expect(totalCount).toBeGreaterThan(CAMPAIGN_VALUES.length);
    expect(
      nodes
        .slice(0, CAMPAIGN_VALUES.length)
        .map((node: any) => node.value)
        .sort(),
    ).toEqual([...CAMPAIGN_VALUES].sort());
    // The scores are in order, and the campaign's hash (the most specific kind) comes first.
    const scores = nodes.map((node: any) => node.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(nodes[0].value).toBe(CAMPAIGN.hash);
  });

  it("says why: rarity in the database, spread over the hunts, and the kind of indicator", async () => {
    const { nodes } = await ranked();
    const c2 = nodes.find((node: any) => node.value === CAMPAIGN.ip);
    expect(c2.reasons).toEqual(
      [
        { signal: "HUNT_RARITY", effect: 4.394, detail: `in 3 of ${HUNTS} hunts in the database` },
        // two hosts in each of three hunts, of twelve hosts in each of eight: ln(97 / 6)
        { signal: "HOST_RARITY", effect: 2.783, detail: "seen by 6 of 96 hosts" },
        { signal: "SPREAD", effect: 1.099, detail: `shared by 3 of the ${HUNTS} correlated hunts` },
        { signal: "DATASET_RARITY", effect: 1.735, detail: `in 3 of ${2 * HUNTS} datasets in the database` },
      ].sort((a, b) => b.effect - a.effect),
    );
    expect(c2.score).toBe(10.011); // 4.394 + 2.783 + 1.099 + 1.735
    expect(c2.prevalence).toEqual({ hunts: 3, totalHunts: HUNTS, datasets: 3, totalDatasets: 2 * HUNTS });
    const telemetry = nodes.find((node: any) => node.value === "login.microsoftonline.com");
    expect(telemetry.reasons).toContainEqual({ signal: "HUNT_RARITY", effect: 0.471, detail: `in 8 of ${HUNTS} hunts in the database` });
  });

  it("raises a background value that a threat-intel source calls malicious above the campaign", async () => {
    await hunting.enrich([{ iocValue: BACKGROUND_DOMAINS[0], iocType: "DOMAIN", source: "virustotal", verdict: "MALICIOUS" }]);
    try {
      const { nodes } = await ranked();
      expect(nodes[0].value).toBe(BACKGROUND_DOMAINS[0]);
      expect(nodes[0].reasons[0]).toEqual({ signal: "VERDICT", effect: 10, detail: "verdict malicious (virustotal)" });
    } finally {
      await database.dataSource.query(`DELETE FROM enrichment_results`);
    }
  });

  it("keeps ThreatHunt's order, most appearances first as numbers, with orderBy: APPEARANCES", async () => {
    const { nodes } = await ranked("APPEARANCES");
    const counts = nodes.map((node: any) => node.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // Beaconing gives the C2 address the most rows; the rest of the campaign is at the bottom, below
    // every background value: what the ranked order fixes.
    expect(nodes[0].value).toBe(CAMPAIGN.ip);
    expect(
      nodes
        .slice(-3)
        .map((node: any) => node.value)
        .sort(),
    ).toEqual([CAMPAIGN.domain, CAMPAIGN.hash, CAMPAIGN.url].sort());
  });

  it("gives each appearance its hosts: stacking within one dataset", async () => {
    const { correlation } = await api.data<any>(`{ correlation { iocOverlaps(first: 500) {
      nodes { value prevalence { hosts totalHosts } appearances { column occurrences hosts } } } } }`);
    const c2 = correlation.iocOverlaps.nodes.find((node: any) => node.value === CAMPAIGN.ip);
    // Two hosts in each of the three proxy exports, 63 rows per host (60 beacons, 3 with the domain).
    expect(c2.appearances).toEqual([
      { column: "dst_ip", occurrences: 126, hosts: 2 },
      { column: "dst_ip", occurrences: 126, hosts: 2 },
      { column: "dst_ip", occurrences: 126, hosts: 2 },
    ]);
    expect(c2.prevalence).toEqual({ hosts: 6, totalHosts: 96 });
  });
});
