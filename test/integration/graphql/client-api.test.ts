// What generated clients rely on: objects found again by id (`node`, `nodes`), typed column profiles,
// the summary as lines, mutation payloads, and the deprecated names answering as the new ones. Made by
// hand: two hunts share one C2 address (three rows in A, one in B) and the host WS-7; a third hunt is
// restricted and holds a dataset of its own.
import type { Database } from "../../../src/database/data-source";
import type { Caller } from "../../../src/modules/auth/caller";
import { createTestApi, type TestApi } from "../../support/api";
import { openTestDatabase } from "../../support/database";
import { csv, type FixtureDataset, type FixtureHunt, Hunting } from "../../support/hunting";

const C2 = "198.51.100.23";
const viewerToken: Caller = { kind: "token", role: "viewer", id: "0".repeat(32), name: "dashboard" };

let database: Database;
let api: TestApi;
let a: FixtureHunt;
let b: FixtureHunt;
let secret: FixtureHunt;
let netstat: FixtureDataset;
let secretData: FixtureDataset;
let hypothesisId: string;
let enrichmentId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  [a, b, secret] = [await hunting.hunt("Node A"), await hunting.hunt("Node B"), await hunting.hunt("Insider")];
  netstat = await hunting.dataset(
    a,
    "netstat.csv",
    csv(
      "Timestamp,Hostname,Raddr.IP,Pid",
      `2024-05-01T10:00:00Z,WS-7,${C2},4`,
      `2024-05-01T10:05:00Z,WS-7,${C2},4`,
      `2024-05-01T10:09:00Z,WS-7,${C2},8`,
    ),
  );
  await hunting.dataset(b, "proxy.csv", csv("Timestamp,Hostname,dst_ip", `2024-05-02T08:00:00Z,WS-7,${C2}`));
  secretData = await hunting.dataset(secret, "usb.csv", csv("Hostname,dst_ip", `HR-1,${C2}`));
  await api.data(`mutation ($id: ID!) { restrictHunt(id: $id, restricted: true) { hunt { restricted } } }`, { id: secret.id });
  hypothesisId = await hunting.hypothesis(a, "C2 over 443", "T1071.001");
  const { recordEnrichment } = await api.data(
    `mutation { recordEnrichment(input: { iocValue: "${C2}", iocType: IP, source: "abuseipdb", verdict: MALICIOUS }) { enrichment { id } } }`,
  );
  enrichmentId = recordEnrichment.enrichment.id;
});
afterAll(() => database.close());

const NODE = `query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Hunt { name }
    ... on Dataset { filename }
    ... on Hypothesis { title }
    ... on EnrichmentResult { iocValue }
    ... on IocDisposition { value }
    ... on ExclusionRule { pattern }
  }
}`;

describe("node(id:)", () => {
  it("finds a hunt, a dataset, a hypothesis, an enrichment, a disposition and a rule by id alone", async () => {
    const { setDisposition } = await api.data(
      `mutation { setDisposition(input: { iocType: IP, value: "${C2}", disposition: ESCALATED, reason: "C2" }) { disposition { id } } }`,
    );
    const { addExclusionRule } = await api.data(
      `mutation { addExclusionRule(input: { kind: CIDR, pattern: "10.0.0.0/8", reason: "lab" }) { exclusionRule { id } } }`,
    );
    const expected: Array<[string, Record<string, unknown>]> = [
      [a.id, { __typename: "Hunt", id: a.id, name: "Node A" }],
      [netstat.id, { __typename: "Dataset", id: netstat.id, filename: "netstat.csv" }],
      [hypothesisId, { __typename: "Hypothesis", id: hypothesisId, title: "C2 over 443" }],
      [enrichmentId, { __typename: "EnrichmentResult", id: enrichmentId, iocValue: C2 }],
      [setDisposition.disposition.id, { __typename: "IocDisposition", id: setDisposition.disposition.id, value: C2 }],
      [addExclusionRule.exclusionRule.id, { __typename: "ExclusionRule", id: addExclusionRule.exclusionRule.id, pattern: "10.0.0.0/8" }],
    ];
    for (const [id, node] of expected) expect((await api.data(NODE, { id })).node).toEqual(node);
  });

  it("answers null for an id that names nothing, and for what a restricted hunt holds, to a caller who does not see it", async () => {
    expect((await api.data(NODE, { id: "f".repeat(32) })).node).toBeNull();
    const viewer = api.as(viewerToken);
    expect((await viewer.data(NODE, { id: secret.id })).node).toBeNull();
    expect((await viewer.data(NODE, { id: secretData.id })).node).toBeNull();
    expect((await viewer.data(NODE, { id: netstat.id })).node).toEqual({ __typename: "Dataset", id: netstat.id, filename: "netstat.csv" });
    // an admin sees it
    expect((await api.data(NODE, { id: secretData.id })).node).toMatchObject({ filename: "usb.csv" });
  });

  it("refuses an id that is no id with BAD_USER_INPUT", async () => {
    const result = await api.run(NODE, { id: "Hunt:1" });
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toBe("Invalid input: id must be a 32-character lowercase hex id, got 'Hunt:1'");
  });

  it("nodes(ids:) keeps the order asked for, with null where an id names nothing", async () => {
    const { nodes } = await api.data(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [netstat.id, "f".repeat(32), a.id, netstat.id],
    });
    expect(nodes).toEqual([
      { __typename: "Dataset", id: netstat.id },
      null,
      { __typename: "Hunt", id: a.id },
      { __typename: "Dataset", id: netstat.id },
    ]);
  });
});

describe("Dataset.columns", () => {
  it("gives each column in file order with its inferred type, canonical name and IOC type", async () => {
    const { dataset } = await api.data(`query ($id: ID!) { dataset(id: $id) { columns { name type canonicalName iocType } } }`, {
      id: netstat.id,
    });
    expect(dataset.columns).toEqual([
      { name: "Timestamp", type: "TIMESTAMP", canonicalName: "timestamp", iocType: null },
      { name: "Hostname", type: "STRING", canonicalName: "hostname", iocType: "HOSTNAME" },
      { name: "Raddr.IP", type: "IP", canonicalName: "dst_ip", iocType: "IP" },
      { name: "Pid", type: "INTEGER", canonicalName: "pid", iocType: null },
    ]);
  });
});

describe("Correlation.summaryLines", () => {
  // the address and the host name WS-7 (an IOC column too) are shared; the two datasets' windows are a day apart
  it("holds the summary's lines without ThreatHunt's indentation", async () => {
    const { correlation } = await api.data(`query ($huntIds: [ID!]) { correlation(huntIds: $huntIds) { summary summaryLines } }`, {
      huntIds: [a.id, b.id],
    });
    expect(correlation.summaryLines).toEqual([
      "Correlation analysis across 2 hunts:",
      "2 shared IOCs (1 flagged malicious)",
      "1 hosts appearing in multiple hunts (potential lateral movement)",
    ]);
    expect(correlation.summary).toBe(
      [
        "Correlation analysis across 2 hunts:",
        "  - 2 shared IOCs (1 flagged malicious)",
        "  - 1 hosts appearing in multiple hunts (potential lateral movement)",
      ].join("\n"),
    );
  });
});

describe("the deprecated names", () => {
  it("answer as the names that replace them", async () => {
    const { correlation } = await api.data(
      `query ($huntIds: [ID!]) {
      correlation(huntIds: $huntIds) {
        now: iocOverlaps(iocType: IP, orderBy: ROW_COUNT) { nodes { value iocType rowCount sightings { column rowCount } } }
        then: iocOverlaps(type: IP, orderBy: APPEARANCES) { nodes { value type count appearances { column occurrences } } }
        hostOverlaps { nodes { hostname rowCount appearances sightings { column } datasets { column } } }
      }
    }`,
      { huntIds: [a.id, b.id] },
    );
    expect(correlation.now.nodes).toEqual([
      {
        value: C2,
        iocType: "IP",
        rowCount: 4,
        sightings: expect.arrayContaining([
          { column: "Raddr.IP", rowCount: 3 },
          { column: "dst_ip", rowCount: 1 },
        ]),
      },
    ]);
    expect(correlation.then.nodes).toEqual([
      {
        value: C2,
        type: "IP",
        count: 4,
        appearances: expect.arrayContaining([
          { column: "Raddr.IP", occurrences: 3 },
          { column: "dst_ip", occurrences: 1 },
        ]),
      },
    ]);
    expect(correlation.now.nodes[0].sightings).toHaveLength(2);
    expect(correlation.then.nodes[0].appearances).toHaveLength(2);
    expect(correlation.hostOverlaps.nodes).toEqual([
      {
        hostname: "WS-7",
        rowCount: 4,
        appearances: 4,
        sightings: [{ column: "Hostname" }, { column: "Hostname" }],
        datasets: [{ column: "Hostname" }, { column: "Hostname" }],
      },
    ]);
  });

  it("refuses iocType and type that disagree", async () => {
    const result = await api.run(`{ correlation { iocOverlaps(iocType: IP, type: DOMAIN) { totalCount } } }`);
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toBe("iocType IP and type DOMAIN disagree: give iocType only");
  });
});
