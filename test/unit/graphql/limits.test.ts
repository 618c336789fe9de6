// The limits on one operation, checked on the real schema without running anything: every query the
// project shows its users keeps within the defaults, and the requests that took the server down (issue
// 10's reproductions) are refused with the limit and the measured value.
import { readFileSync } from "node:fs";
import { type GraphQLSchema, parse } from "graphql";
import { checkQueryLimits, DEFAULT_QUERY_LIMITS } from "../../../src/graphql/limits";
import { buildHuntgraphSchema } from "../../../src/graphql/schema";
import { EXAMPLE_QUERIES } from "../../../src/server/graphiql-examples";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildHuntgraphSchema();
});

const check = (query: string, variables: Record<string, unknown> = {}, limits = DEFAULT_QUERY_LIMITS) =>
  checkQueryLimits(schema, parse(query), limits, variables);

const refusal = (query: string, variables?: Record<string, unknown>) => {
  const error = check(query, variables);
  return error && { message: error.message, extensions: error.extensions };
};

/** The README's GraphQL blocks. */
const README_QUERIES = [...readFileSync("README.md", "utf8").matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

it("lets every GraphiQL example and README query through", () => {
  expect(README_QUERIES.length).toBeGreaterThanOrEqual(5);
  for (const { query } of EXAMPLE_QUERIES) expect(check(query)).toBeNull();
  for (const query of README_QUERIES) expect(check(query)).toBeNull();
});

it("refuses a fan-out of nested connections by its estimated cost", () => {
  // 359 bytes that took 4.1 GB and 220 s before: 500 × 500 × 500 × ...
  const fanOut = `{ hunts(first: 500) { nodes { datasets(first: 500) { nodes { hunt { datasets(first: 500) { nodes { name } } } } } } } }`;
  expect(refusal(fanOut)).toEqual({
    message: expect.stringMatching(/^The query's estimated cost is 2\d{8}; the limit is 200000 \(nested connections multiply/),
    extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxCost", max: 200_000 }),
  });
  // Page sizes given as variables count the same.
  const variables = `query Q($n: Int) { hunts(first: $n) { nodes { datasets(first: $n) { nodes { name } } } } }`;
  expect(check(variables, { n: 500 })?.extensions).toMatchObject({ limit: "maxCost" });
  expect(check(variables, { n: 50 })).toBeNull();
});

it("refuses many aliases, naming how many", () => {
  const aliases = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: correlation { summary }`).join(" ")} }`;
  expect(refusal(aliases)).toEqual({
    message: "The query has 200 aliases; the limit is 30",
    extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: "maxAliases", max: 30, actual: 200 }),
  });
});

it("refuses a selection deeper than the limit, and introspection is not counted", () => {
  let deep = "id";
  for (let i = 0; i < 7; i++) deep = `hunt { datasets(first: 1) { nodes { ${deep} } } }`;
  expect(refusal(`{ dataset(id: "${"a".repeat(32)}") { ${deep} } }`)?.extensions).toMatchObject({ limit: "maxDepth", max: 12 });
  expect(check(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }`)).toBeNull();
});

it("takes its limits from the configuration", () => {
  const query = `{ hunts(first: 20) { nodes { name } } }`;
  expect(check(query, {}, { ...DEFAULT_QUERY_LIMITS, maxCost: 10 })?.message).toBe(
    "The query's estimated cost is 41; the limit is 10 (nested connections multiply: ask for smaller pages or fewer levels)",
  );
});
