// Unexpected errors reach the client masked, with no original message or stack; they are logged instead.
import type { Database } from "../../../src/database/data-source";
import { logger } from "../../../src/shared/logger";
import { createTestApi, type GraphQLResult, type TestApi } from "../../support/api";
import { openTestDatabase } from "../../support/database";

const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`;
const HUNTS = `query { hunts { totalCount nodes { id } } }`;
const HYPOTHESES = `query ($huntId: ID!) { hypotheses(huntId: $huntId) { nodes { id } } }`;
const UNKNOWN_FIELD = `query { hunts { bogus } }`;

const MASKED = { message: "Internal server error; it has been logged", extensions: { code: "INTERNAL_SERVER_ERROR" } };

let database: Database;
let api: TestApi;
let logged: jest.SpyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
});
beforeEach(() => {
  logged = jest.spyOn(logger, "error").mockImplementation(() => undefined);
});
afterEach(() => logged.mockRestore());
afterAll(() => database.close());

/** The error as the client sees it, serialized as it would go over the wire. */
function onlyError(result: GraphQLResult): Record<string, unknown> {
  expect(result.errors).toHaveLength(1);
  return JSON.parse(JSON.stringify(result.errors?.[0]));
}

describe("an unexpected error", () => {
  it("reaches the client masked when a query fails in the database, and is logged with its stack", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { name: "Masked" });
    await database.dataSource.query("ALTER TABLE hypotheses RENAME TO hypotheses_elsewhere");
    let result: GraphQLResult;
    try {
      result = await api.run(HYPOTHESES, { huntId: createHunt.id });
    } finally {
      await database.dataSource.query("ALTER TABLE hypotheses_elsewhere RENAME TO hypotheses");
    }
    const error = onlyError(result);
    expect(error).toEqual({ ...MASKED, path: ["hypotheses"], locations: [{ line: 1, column: 24 }] });
    expect(JSON.stringify(result)).not.toMatch(/hypotheses_elsewhere|relation|does not exist|stack|\.ts:/);

    expect(logged).toHaveBeenCalledTimes(1);
    const [{ err }] = logged.mock.calls[0] as [{ err: Error }];
    expect(err.message).toMatch(/relation "(\w+\.)?hypotheses" does not exist/);
    expect(err.stack).toEqual(expect.any(String));
  });

  it("reaches the client masked when the database is gone", async () => {
    const closed = await openTestDatabase();
    const closedApi = await createTestApi(closed);
    await closed.close();
    const result = await closedApi.run(HUNTS);
    expect(result.data).toBeNull();
    expect(onlyError(result)).toEqual({ ...MASKED, path: ["hunts"], locations: [{ line: 1, column: 9 }] });
    expect(logged).toHaveBeenCalledTimes(1);
  });
});

describe("an expected error", () => {
  it("keeps its message and code", async () => {
    const result = await api.run(UNKNOWN_FIELD);
    expect(onlyError(result)).toEqual({
      message: 'Cannot query field "bogus" on type "HuntConnection". Did you mean "edges" or "nodes"?',
      locations: [{ line: 1, column: 17 }],
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    expect(logged).not.toHaveBeenCalled();
  });
});
