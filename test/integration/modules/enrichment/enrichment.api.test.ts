// Enrichment results through the GraphQL API: recording one or many, expiry, and listing per indicator.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { insertDataset } from "../../../support/datasets";

const RESULT_FIELDS = `id iocValue iocType source verdict confidence rawResult summary cachedAt expiresAt expired dataset { id name }`;
const RECORD_ENRICHMENT = `mutation ($input: EnrichmentInput!) { recordEnrichment(input: $input) { enrichment { ${RESULT_FIELDS} } } }`;
const RECORD_ENRICHMENTS = `mutation ($results: [EnrichmentInput!]!) { recordEnrichments(results: $results) { enrichments { id iocValue source } } }`;
const ENRICHMENTS = `query ($iocValue: String!, $first: Int, $after: String) {
  enrichments(iocValue: $iocValue, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { source cachedAt }
  }
}`;

const HOUR_MS = 60 * 60 * 1000;
const UNKNOWN_ID = "0000000000000000000000000000abcd";
const OTHER_UNKNOWN_ID = "0000000000000000000000000000dcba";

let database: Database;
let api: TestApi;
let datasetId: string;

const countResults = async (): Promise<number> =>
  (await database.dataSource.query("SELECT count(*)::int AS n FROM enrichment_results"))[0].n;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  const {
    createHunt: { hunt: createHunt },
  } = await api.data(`mutation { createHunt(input: { name: "Phishing" }) { hunt { id } } }`);
  datasetId = (await insertDataset(database.dataSource, { huntId: createHunt.id, name: "proxy" })).id;
});
afterAll(() => database.close());

describe("recording one result", () => {
  it("keeps every field, trims the value, and expires the result 24 hours after it was cached", async () => {
    const {
      recordEnrichment: { enrichment: recordEnrichment },
    } = await api.data(RECORD_ENRICHMENT, {
      input: {
        iocValue: "  203.0.113.9 ",
        iocType: "IP",
        source: "abuseipdb",
        verdict: "MALICIOUS",
        confidence: 0.87,
        rawResult: { abuseConfidenceScore: 87, reports: ["ssh brute force", "port scan"] },
        summary: "Reported 42 times",
        datasetId,
        cachedAt: "2090-05-01T12:00:00.000Z",
      },
    });
    expect(recordEnrichment).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      iocValue: "203.0.113.9",
      iocType: "IP",
      source: "abuseipdb",
      verdict: "MALICIOUS",
      confidence: 0.87,
      rawResult: { abuseConfidenceScore: 87, reports: ["ssh brute force", "port scan"] },
      summary: "Reported 42 times",
      cachedAt: "2090-05-01T12:00:00.000Z",
      expiresAt: "2090-05-02T12:00:00.000Z",
      expired: false,
      dataset: { id: datasetId, name: "proxy" },
    });
    const [row] = await database.dataSource.query("SELECT ioc_value, ioc_type, verdict, dataset_id FROM enrichment_results WHERE id = $1", [
      recordEnrichment.id,
    ]);
    expect(row).toEqual({ ioc_value: "203.0.113.9", ioc_type: "ip", verdict: "malicious", dataset_id: datasetId });
  });

  it("caches at the current time by default", async () => {
    const before = Date.now();
    const {
      recordEnrichment: { enrichment: recordEnrichment },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "now.example", iocType: "DOMAIN", source: "shodan" },
    });
    const after = Date.now();
    const cachedAt = Date.parse(recordEnrichment.cachedAt);
    expect(cachedAt).toBeGreaterThanOrEqual(before);
    expect(cachedAt).toBeLessThanOrEqual(after);
    expect(Date.parse(recordEnrichment.expiresAt) - cachedAt).toBe(24 * HOUR_MS);
    expect(recordEnrichment).toMatchObject({ verdict: null, confidence: null, rawResult: null, dataset: null, expired: false });
  });

  it("marks a result past its expiry as expired", async () => {
    const {
      recordEnrichment: { enrichment: recordEnrichment },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "old.example", iocType: "DOMAIN", source: "virustotal", verdict: "CLEAN", cachedAt: "2020-01-01T00:00:00.000Z" },
    });
    expect(recordEnrichment).toMatchObject({ expiresAt: "2020-01-02T00:00:00.000Z", expired: true });
  });

  it("never expires a result recorded with expiresAt null", async () => {
    const {
      recordEnrichment: { enrichment: recordEnrichment },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "forever.example", iocType: "DOMAIN", source: "ai", cachedAt: "2020-01-01T00:00:00.000Z", expiresAt: null },
    });
    expect(recordEnrichment).toMatchObject({ expiresAt: null, expired: false });
  });

  it.each([
    [1.5, "confidence must not be greater than 1"],
    [-0.1, "confidence must not be less than 0"],
  ])("rejects confidence %d", async (confidence, message) => {
    const before = await countResults();
    const result = await api.run(RECORD_ENRICHMENT, { input: { iocValue: "x.example", iocType: "DOMAIN", source: "ai", confidence } });
    expect(result.errors?.[0]).toMatchObject({ message: `Invalid input: ${message}`, extensions: { code: "BAD_USER_INPUT" } });
    expect(await countResults()).toBe(before);
  });

  it.each([
    ["a blank indicator", { iocValue: "  ", source: "ai" }, "iocValue must not be blank"],
    ["a blank source", { iocValue: "x.example", source: " " }, "source must not be blank"],
    ["a 33-character source", { iocValue: "x.example", source: "s".repeat(33) }, "source must be 1 to 32 characters long"],
  ])("rejects %s", async (_what, fields, message) => {
    const result = await api.run(RECORD_ENRICHMENT, { input: { iocType: "DOMAIN", ...fields } });
    expect(result.errors?.[0]).toMatchObject({ message: `Invalid input: ${message}`, extensions: { code: "BAD_USER_INPUT" } });
  });

  it("accepts confidence 0 and 1", async () => {
    for (const confidence of [0, 1]) {
      const {
        recordEnrichment: { enrichment: recordEnrichment },
      } = await api.data(RECORD_ENRICHMENT, {
        input: { iocValue: "edge.example", iocType: "DOMAIN", source: "ai", confidence },
      });
      expect(recordEnrichment.confidence).toBe(confidence);
    }
  });

  it("answers NOT_FOUND for an unknown dataset", async () => {
    const result = await api.run(RECORD_ENRICHMENT, {
      input: { iocValue: "x.example", iocType: "DOMAIN", source: "ai", datasetId: UNKNOWN_ID },
    });
    expect(result.errors?.[0]).toMatchObject({ message: `No dataset with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });
});

describe("recording many results", () => {
  it("records them all and returns them in the order given", async () => {
    const before = await countResults();
    const {
      recordEnrichments: { enrichments: recordEnrichments },
    } = await api.data(RECORD_ENRICHMENTS, {
      results: [
        { iocValue: "a.example", iocType: "DOMAIN", source: "virustotal", datasetId },
        { iocValue: "b.example", iocType: "DOMAIN", source: "shodan" },
        { iocValue: "c.example", iocType: "DOMAIN", source: "ai", datasetId },
      ],
    });
    expect(recordEnrichments.map((r: { iocValue: string; source: string }) => [r.iocValue, r.source])).toEqual([
      ["a.example", "virustotal"],
      ["b.example", "shodan"],
      ["c.example", "ai"],
    ]);
    expect(await countResults()).toBe(before + 3);
  });

  it("records none of them when one cites an unknown dataset", async () => {
    const before = await countResults();
    const result = await api.run(RECORD_ENRICHMENTS, {
      results: [
        { iocValue: "d.example", iocType: "DOMAIN", source: "virustotal", datasetId },
        { iocValue: "e.example", iocType: "DOMAIN", source: "virustotal", datasetId: UNKNOWN_ID },
        { iocValue: "f.example", iocType: "DOMAIN", source: "virustotal" },
      ],
    });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({
      message: `No dataset with id '${UNKNOWN_ID}'`,
      extensions: { code: "NOT_FOUND", ids: [UNKNOWN_ID] },
    });
    expect(await countResults()).toBe(before);
  });

  it("names every unknown dataset once", async () => {
    const result = await api.run(RECORD_ENRICHMENTS, {
      results: [UNKNOWN_ID, OTHER_UNKNOWN_ID, UNKNOWN_ID].map((id) => ({
        iocValue: "g.example",
        iocType: "DOMAIN",
        source: "ai",
        datasetId: id,
      })),
    });
    expect(result.errors?.[0]).toMatchObject({
      message: `No datasets with id '${UNKNOWN_ID}', '${OTHER_UNKNOWN_ID}'`,
      extensions: { code: "NOT_FOUND", ids: [UNKNOWN_ID, OTHER_UNKNOWN_ID] },
    });
  });

  it("records none of them when one is invalid, naming its position", async () => {
    const before = await countResults();
    const result = await api.run(RECORD_ENRICHMENTS, {
      results: [
        { iocValue: "h.example", iocType: "DOMAIN", source: "ai" },
        { iocValue: "i.example", iocType: "DOMAIN", source: "ai", confidence: 2 },
      ],
    });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: results.1.confidence must not be greater than 1",
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(await countResults()).toBe(before);
  });

  it("rejects an empty list", async () => {
    const result = await api.run(RECORD_ENRICHMENTS, { results: [] });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: results must contain at least 1 elements",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("enrichments of an indicator", () => {
  beforeAll(async () => {
    await api.data(RECORD_ENRICHMENTS, {
      results: [
        { iocValue: "evil.example", iocType: "DOMAIN", source: "january", cachedAt: "2024-01-01T00:00:00.000Z" },
        { iocValue: "evil.example", iocType: "DOMAIN", source: "march", cachedAt: "2024-03-01T00:00:00.000Z" },
        { iocValue: "EVIL.example", iocType: "DOMAIN", source: "other case", cachedAt: "2024-04-01T00:00:00.000Z" },
        { iocValue: "evil.example", iocType: "DOMAIN", source: "february", cachedAt: "2024-02-01T00:00:00.000Z" },
      ],
    });
  });

  it("pages the results for the exact value, newest first", async () => {
    const first = await api.data(ENRICHMENTS, { iocValue: "evil.example", first: 2 });
    expect(first.enrichments).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: expect.any(String) },
      nodes: [
        { source: "march", cachedAt: "2024-03-01T00:00:00.000Z" },
        { source: "february", cachedAt: "2024-02-01T00:00:00.000Z" },
      ],
    });
    const second = await api.data(ENRICHMENTS, { iocValue: "evil.example", first: 2, after: first.enrichments.pageInfo.endCursor });
    expect(second.enrichments).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: expect.any(String) },
      nodes: [{ source: "january", cachedAt: "2024-01-01T00:00:00.000Z" }],
    });
  });

  it("ignores blanks around the value asked for", async () => {
    const { enrichments } = await api.data(ENRICHMENTS, { iocValue: " evil.example  " });
    expect(enrichments.totalCount).toBe(3);
  });

  it("returns an empty connection for a value never recorded", async () => {
    const { enrichments } = await api.data(ENRICHMENTS, { iocValue: "never.example" });
    expect(enrichments).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null }, nodes: [] });
  });
});
