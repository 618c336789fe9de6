// Correlation results shared across requests under the data version: a repeated request reads only the
// version, and any committed change to what correlation reads, made through the API or straight in SQL
// (as ThreatHunt or another huntgraph process would), is seen by the next request.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, Hunting } from "../../../support/hunting";
import { QueryCounter } from "../../../support/query-counter";

const DASHBOARD = `{ correlation { summary iocOverlaps(first: 10) { totalCount nodes { value verdict } } timeOverlaps { totalCount } } }`;

const log = new QueryCounter();
let database: Database;
let api: TestApi;

beforeAll(async () => {
  database = await openTestDatabase({ logger: log });
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  // two hunts whose proxy logs share one address (made by hand: one row each)
  for (const name of ["North", "South"]) {
    const hunt = await hunting.hunt(name);
    await hunting.dataset(hunt, `${name}.csv`, csv("Timestamp,Hostname,Raddr.IP", `2024-09-01T10:00:00Z,${name}-WS,198.51.100.7`));
  }
});
afterAll(() => database.close());

const dashboard = async () => {
  const before = log.queries.length;
  const data = (await api.data<any>(DASHBOARD)).correlation;
  return { data, statements: log.queries.slice(before) };
};

it("answers a repeated request from the cache, reading only the hunts and the data version", async () => {
  const first = await dashboard();
  expect(first.data.iocOverlaps).toEqual({ totalCount: 1, nodes: [{ value: "198.51.100.7", verdict: null }] });
  const again = await dashboard();
  expect(again.data).toEqual(first.data);
  expect(again.statements).toEqual([
    "SELECT id FROM hunts WHERE id <> ALL($1::varchar[]) ORDER BY id",
    "SELECT version FROM huntgraph_data_version",
  ]);
});

it("sees a change written straight in SQL by another writer at the next request", async () => {
  await dashboard();
  await database.dataSource.query(
    `INSERT INTO enrichment_results (id, ioc_value, ioc_type, source, verdict, cached_at)
     VALUES (md5(random()::text), '198.51.100.7', 'ip', 'threathunt', 'malicious', now())`,
  );
  const after = await dashboard();
  expect(after.data.iocOverlaps.nodes).toEqual([{ value: "198.51.100.7", verdict: "MALICIOUS" }]);
  expect(after.data.summary).toContain("1 shared IOCs (1 flagged malicious)");
});

it("sees a disposition at the next request, and its removal", async () => {
  const {
    setDisposition: { disposition: setDisposition },
  } = await api.data<any>(
    `mutation { setDisposition(input: { iocType: IP, value: "198.51.100.7", disposition: BENIGN, reason: "scanner" }) { disposition { id } } }`,
  );
  expect((await dashboard()).data.iocOverlaps.totalCount).toBe(0);
  await api.data(`mutation ($id: ID!) { removeDisposition(id: $id) { disposition { id } } }`, { id: setDisposition.id });
  expect((await dashboard()).data.iocOverlaps.totalCount).toBe(1);
});
