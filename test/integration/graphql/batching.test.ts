// Proof that nested queries are batched: the number of SQL statements of a request does not grow with the data.
import type { Database } from "../../../src/database/data-source";
import { Hunt } from "../../../src/modules/hunt/hunt.entity";
import { Hypothesis } from "../../../src/modules/hypothesis/hypothesis.entity";
import { createTestApi, type TestApi } from "../../support/api";
import { openTestDatabase } from "../../support/database";
import { insertDataset } from "../../support/datasets";
import { QueryCounter } from "../../support/query-counter";

const NESTED = `query Nested {
  hunts(first: 100) {
    nodes {
      name
      datasets { nodes { name hunt { name } rows(first: 5) { nodes { rowIndex } } } }
      hypotheses { nodes { title hunt { name } } }
    }
  }
}`;
const NESTED_WITH_TOTAL = `query NestedWithTotal {
  hunts(first: 100) {
    totalCount
    nodes {
      name
      datasets { totalCount nodes { name hunt { name } rows(first: 5) { totalCount nodes { rowIndex } } } }
      hypotheses { totalCount nodes { title hunt { name } } }
    }
  }
}`;

// 1 hunts page + 1 datasets by hunt + 1 hypotheses by hunt + 1 hunts by id (the datasets' and the
// hypotheses' hunts, one cached batch) + 1 rows page of every dataset.
const NESTED_STATEMENTS = 5;
const NESTED_TABLES = ["dataset_rows", "datasets", "hunts", "hunts", "hypotheses"];

/** The first table a statement reads, schema prefix aside, to tell the statements apart. */
const tableOf = (sql: string): string =>
  /\bFROM\s+(?:"\w+"\.)?"?(hunts|datasets|dataset_rows|hypotheses|enrichment_results)\b/i.exec(sql)?.[1] ?? sql;

const counter = new QueryCounter();
let database: Database;
let api: TestApi;
let hunts = 0;

/** Adds `n` hunts, each with 3 datasets of 2 rows and 2 hypotheses. */
async function addHunts(n: number): Promise<void> {
  for (let i = 0; i < n; i++, hunts++) {
    // create() makes entity instances, whose @BeforeInsert assigns the ids.
    const hunt = await database.dataSource
      .getRepository(Hunt)
      .save(database.dataSource.getRepository(Hunt).create({ name: `hunt ${hunts}` }));
    for (let d = 0; d < 3; d++) {
      await insertDataset(database.dataSource, { huntId: hunt.id, name: `hunt ${hunts} dataset ${d}`, rows: [{ d: "0" }, { d: "1" }] });
    }
    const hypotheses = database.dataSource.getRepository(Hypothesis);
    await hypotheses.save([0, 1].map((h) => hypotheses.create({ huntId: hunt.id, title: `hunt ${hunts} hypothesis ${h}` })));
  }
}

/** The statements one request runs, with its data. */
async function statementsOf(query: string): Promise<{ statements: string[]; data: any }> {
  const before = counter.queries.length;
  const data = await api.data(query);
  return { statements: counter.queries.slice(before), data };
}

beforeAll(async () => {
  database = await openTestDatabase({ logger: counter });
  api = await createTestApi(database);
  await addHunts(20);
});
afterAll(() => database.close());

describe("a nested query over hunts, datasets, rows and hypotheses", () => {
  it(`runs ${NESTED_STATEMENTS} statements for 20 hunts, 60 datasets and 40 hypotheses`, async () => {
    const { statements, data } = await statementsOf(NESTED);
    expect(data.hunts.nodes).toHaveLength(20);
    for (const hunt of data.hunts.nodes) {
      expect(hunt.datasets.nodes).toHaveLength(3);
      expect(hunt.hypotheses.nodes).toHaveLength(2);
      for (const dataset of hunt.datasets.nodes) {
        expect(dataset.hunt.name).toBe(hunt.name);
        expect(dataset.rows.nodes).toEqual([{ rowIndex: 0 }, { rowIndex: 1 }]);
      }
      for (const hypothesis of hunt.hypotheses.nodes) expect(hypothesis.hunt.name).toBe(hunt.name);
    }
    expect(statements).toHaveLength(NESTED_STATEMENTS);
    expect(statements.map(tableOf).sort()).toEqual(NESTED_TABLES);
  });

  it("runs the same number of statements when the number of hunts doubles", async () => {
    await addHunts(20);
    const { statements, data } = await statementsOf(NESTED);
    expect(data.hunts.nodes).toHaveLength(40);
    expect(data.hunts.nodes.flatMap((h: any) => h.datasets.nodes.flatMap((d: any) => d.rows.nodes))).toHaveLength(240);
    expect(statements).toHaveLength(NESTED_STATEMENTS);
    expect(statements.map(tableOf).sort()).toEqual(NESTED_TABLES);
  });

  it("counts the hunts in one more statement only when totalCount is selected, and the nested totals for free", async () => {
    const { statements, data } = await statementsOf(NESTED_WITH_TOTAL);
    expect(data.hunts.totalCount).toBe(40);
    expect(data.hunts.nodes[0].datasets.totalCount).toBe(3);
    expect(data.hunts.nodes[0].datasets.nodes[0].rows.totalCount).toBe(2);
    expect(data.hunts.nodes[0].hypotheses.totalCount).toBe(2);
    expect(statements).toHaveLength(NESTED_STATEMENTS + 1);
    expect(statements.filter((sql) => /COUNT\(/i.test(sql))).toHaveLength(1);
  });
});
