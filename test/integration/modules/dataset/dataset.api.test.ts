// Datasets and their rows through the GraphQL API; the data is stored straight through TypeORM.
import type { Database } from "../../../../src/database/data-source";
import { encodeCursor } from "../../../../src/graphql/connection";
import { type Dataset, Dataset as DatasetEntity } from "../../../../src/modules/dataset/dataset.entity";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { insertDataset } from "../../../support/datasets";

const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`;
const DATASET = `query ($id: ID!) {
  dataset(id: $id) {
    id name filename sourceTool rowCount columnSchema normalizedColumns iocColumns fileSizeBytes
    encoding delimiter timeRangeStart timeRangeEnd uploadedBy createdAt
    hunt { id name }
  }
}`;
const DATASETS = `query ($huntId: ID!, $first: Int, $after: String) {
  datasets(huntId: $huntId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { name }
  }
}`;
const ROWS = `query ($id: ID!, $first: Int, $after: String) {
  dataset(id: $id) {
    rows(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { id rowIndex data normalizedData }
    }
  }
}`;
const ROW_INDEXES = `query ($id: ID!, $first: Int, $after: String) {
  dataset(id: $id) {
    rows(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { rowIndex data }
    }
  }
}`;
const DELETE_DATASET = `mutation ($id: ID!) { deleteDataset(id: $id) { deletedId } }`;
const RECORD_ENRICHMENT = `mutation ($input: EnrichmentInput!) { recordEnrichment(input: $input) { enrichment { id } } }`;
const ENRICHMENTS = `query ($iocValue: String!) { enrichments(iocValue: $iocValue) { nodes { id dataset { id } } } }`;

const UNKNOWN_ID = "0000000000000000000000000000000f";

const PROCESS_ROWS = [
  { Timestamp: "2024-03-01 10:00:00", Hostname: "WS-01", SrcIP: "10.0.0.5" },
  { Timestamp: "2024-03-01 10:05:00", Hostname: "WS-02", SrcIP: "10.0.0.6" },
  { Timestamp: "2024-03-01 11:00:00", Hostname: "WS-01", SrcIP: "10.0.0.5" },
  { Timestamp: "2024-03-01 12:00:00", Hostname: "DC-01", SrcIP: "10.0.0.1" },
  { Timestamp: "2024-03-01 13:30:00", Hostname: "WS-03", SrcIP: "10.0.0.7" },
];
const normalize = (row: Record<string, string>) => ({ timestamp: row.Timestamp, hostname: row.Hostname, src_ip: row.SrcIP });

let database: Database;
let api: TestApi;
let huntId: string;
let processes: Dataset;
let big: Dataset;

const count = async (sql: string, params: unknown[]): Promise<number> => (await database.dataSource.query(sql, params))[0].n;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  huntId = (await api.data(CREATE_HUNT, { name: "Ransomware" })).createHunt.hunt.id;
  processes = await insertDataset(database.dataSource, {
    huntId,
    name: "processes",
    filename: "pslist.csv",
    sourceTool: "velociraptor",
    columnSchema: { Timestamp: "timestamp", Hostname: "string", SrcIP: "ip" },
    normalizedColumns: { Timestamp: "timestamp", Hostname: "hostname", SrcIP: "src_ip" },
    iocColumns: { Hostname: "hostname", SrcIP: "ip" },
    fileSizeBytes: 321,
    encoding: "utf-8",
    delimiter: ",",
    timeRangeStart: new Date("2024-03-01T10:00:00Z"),
    timeRangeEnd: new Date("2024-03-01T13:30:00Z"),
    uploadedBy: "analyst1",
    createdAt: new Date("2024-03-02T00:00:00Z"),
    rows: PROCESS_ROWS,
    normalizedRows: PROCESS_ROWS.map(normalize),
  });
  big = await insertDataset(database.dataSource, {
    huntId,
    name: "big",
    createdAt: new Date("2024-03-03T00:00:00Z"),
    rows: Array.from({ length: 1200 }, (_, i) => ({ n: String(i) })),
  });
  await insertDataset(database.dataSource, { huntId, name: "empty", createdAt: new Date("2024-03-04T00:00:00Z") });
});
afterAll(() => database.close());

describe("dataset", () => {
  it("returns every field of the dataset and its hunt", async () => {
    const { dataset } = await api.data(DATASET, { id: processes.id });
    expect(dataset).toEqual({
      id: processes.id,
      name: "processes",
      filename: "pslist.csv",
      sourceTool: "velociraptor",
      rowCount: 5,
      columnSchema: { Timestamp: "timestamp", Hostname: "string", SrcIP: "ip" },
      normalizedColumns: { Timestamp: "timestamp", Hostname: "hostname", SrcIP: "src_ip" },
      iocColumns: { Hostname: "hostname", SrcIP: "ip" },
      fileSizeBytes: 321,
      encoding: "utf-8",
      delimiter: ",",
      timeRangeStart: "2024-03-01T10:00:00.000Z",
      timeRangeEnd: "2024-03-01T13:30:00.000Z",
      uploadedBy: "analyst1",
      createdAt: "2024-03-02T00:00:00.000Z",
      hunt: { id: huntId, name: "Ransomware" },
    });
  });

  it("keeps and returns a file size over 2 GiB, which ThreatHunt's 32-bit column could not hold", async () => {
    const wide = await insertDataset(database.dataSource, { huntId, name: "wide", createdAt: new Date("2024-03-05T00:00:00Z") });
    // 5 GB, written as the import writes a dataset's size once the file is read
    await database.dataSource.getRepository(DatasetEntity).update({ id: wide.id }, { fileSizeBytes: 5_000_000_000 });
    expect((await api.data(`query ($id: ID!) { dataset(id: $id) { fileSizeBytes } }`, { id: wide.id })).dataset.fileSizeBytes).toBe(
      5_000_000_000,
    );
    const [{ type }] = await database.dataSource.query(`SELECT pg_typeof(file_size_bytes)::text AS type FROM datasets WHERE id = $1`, [
      wide.id,
    ]);
    expect(type).toBe("bigint");
    await database.dataSource.query(`DELETE FROM datasets WHERE id = $1`, [wide.id]);
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const result = await api.run(DATASET, { id: UNKNOWN_ID });
    expect(result.errors?.[0]).toMatchObject({ message: `No dataset with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });
});

describe("datasets of a hunt", () => {
  it("pages them oldest upload first", async () => {
    const first = await api.data(DATASETS, { huntId, first: 2 });
    expect(first.datasets).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
      nodes: [{ name: "processes" }, { name: "big" }],
    });
    const second = await api.data(DATASETS, { huntId, first: 2, after: first.datasets.pageInfo.endCursor });
    expect(second.datasets).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      nodes: [{ name: "empty" }],
    });
  });

  it("answers NOT_FOUND for an unknown hunt", async () => {
    const result = await api.run(DATASETS, { huntId: UNKNOWN_ID });
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });

  it("rejects a malformed hunt id", async () => {
    const result = await api.run(DATASETS, { huntId: "nope" });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: huntId must be a 32-character lowercase hex id, got 'nope'",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("rows of a dataset", () => {
  it("pages them in file order with their raw and normalized data, counting rowCount as the total", async () => {
    const ids: { id: number }[] = await database.dataSource.query("SELECT id FROM dataset_rows WHERE dataset_id = $1 ORDER BY row_index", [
      processes.id,
    ]);
    const first = await api.data(ROWS, { id: processes.id, first: 2 });
    expect(first.dataset.rows).toEqual({
      totalCount: 5,
      pageInfo: { hasNextPage: true, hasPreviousPage: false, endCursor: expect.any(String) },
      nodes: [0, 1].map((i) => ({ id: ids[i].id, rowIndex: i, data: PROCESS_ROWS[i], normalizedData: normalize(PROCESS_ROWS[i]) })),
    });
    expect(Object.keys(first.dataset.rows.nodes[0].data)).toEqual(["Timestamp", "Hostname", "SrcIP"]);
    const rest = await api.data(ROWS, { id: processes.id, first: 10, after: first.dataset.rows.pageInfo.endCursor });
    expect(rest.dataset.rows.nodes.map((r: { rowIndex: number }) => r.rowIndex)).toEqual([2, 3, 4]);
    expect(rest.dataset.rows.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("reaches deep pages through the cursors it hands out", async () => {
    let after: string | undefined;
    let page: any;
    for (let i = 0; i < 3; i++) {
      page = (await api.data(ROW_INDEXES, { id: big.id, first: 500, after })).dataset.rows;
      after = page.pageInfo.endCursor;
    }
    expect(page.totalCount).toBe(1200);
    expect(page.nodes).toHaveLength(200);
    expect(page.nodes[0]).toEqual({ rowIndex: 1000, data: { n: "1000" } });
    expect(page.nodes[199]).toEqual({ rowIndex: 1199, data: { n: "1199" } });
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const past = (await api.data(ROW_INDEXES, { id: big.id, first: 5, after })).dataset.rows;
    expect(past).toEqual({ totalCount: 1200, pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: null }, nodes: [] });
  });

  it("returns an empty page after the largest position a cursor can hold", async () => {
    const { dataset } = await api.data(ROW_INDEXES, { id: big.id, after: encodeCursor(2 ** 31 - 2) });
    expect(dataset.rows).toEqual({ totalCount: 1200, pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: null }, nodes: [] });
  });

  it("returns an empty page for a dataset without rows", async () => {
    const { datasets } = await api.data(
      `query ($huntId: ID!) { datasets(huntId: $huntId) { nodes { name rows { totalCount nodes { rowIndex } } } } }`,
      { huntId },
    );
    expect(datasets.nodes.find((d: { name: string }) => d.name === "empty").rows).toEqual({ totalCount: 0, nodes: [] });
  });

  it("rejects a page size out of range", async () => {
    const result = await api.run(ROW_INDEXES, { id: big.id, first: 501 });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: first must be at most 500, got 501",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });
});

describe("deleting a dataset", () => {
  it("deletes its rows and unlinks the enrichment results that cited it", async () => {
    const doomed = await insertDataset(database.dataSource, {
      huntId,
      name: "doomed",
      rows: [{ a: "1" }, { a: "2" }, { a: "3" }, { a: "4" }],
    });
    const {
      recordEnrichment: { enrichment: recordEnrichment },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "evil.example", iocType: "DOMAIN", source: "virustotal", verdict: "MALICIOUS", datasetId: doomed.id },
    });
    expect(await count("SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1", [doomed.id])).toBe(4);

    expect(await api.data(DELETE_DATASET, { id: doomed.id })).toEqual({ deleteDataset: { deletedId: doomed.id } });

    expect(await count("SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1", [doomed.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM datasets WHERE id = $1", [doomed.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1", [processes.id])).toBe(5);
    expect(
      await database.dataSource.query("SELECT dataset_id, verdict FROM enrichment_results WHERE id = $1", [recordEnrichment.id]),
    ).toEqual([{ dataset_id: null, verdict: "malicious" }]);
    const { enrichments } = await api.data(ENRICHMENTS, { iocValue: "evil.example" });
    expect(enrichments.nodes).toEqual([{ id: recordEnrichment.id, dataset: null }]);
    const gone = await api.run(DATASET, { id: doomed.id });
    expect(gone.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for an unknown dataset", async () => {
    const result = await api.run(DELETE_DATASET, { id: UNKNOWN_ID });
    expect(result.errors?.[0]).toMatchObject({ message: `No dataset with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });
});
