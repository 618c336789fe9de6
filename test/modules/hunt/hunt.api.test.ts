// Hunts through the GraphQL API: create, read, list with a status filter, update, delete.
import type { Database } from "../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../support/api";
import { openTestDatabase } from "../../support/database";

const CREATE_HUNT = `mutation ($input: CreateHuntInput!) { createHunt(input: $input) { id name status description } }`;
const HUNTS = `query ($status: HuntStatus, $first: Int, $after: String) {
  hunts(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { name status }
  }
}`;

let database: Database;
let api: TestApi;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
});
afterAll(() => database.close());

describe("hunts", () => {
  it("creates a hunt with a 32-character hex id and the default status", async () => {
    const { createHunt } = await api.data(CREATE_HUNT, { input: { name: "  Emotet  " } });
    expect(createHunt.id).toMatch(/^[0-9a-f]{32}$/);
    expect(createHunt).toMatchObject({ name: "Emotet", status: "ACTIVE", description: null });
  });

  it("pages hunts newest first and filters them by status", async () => {
    await api.data(CREATE_HUNT, { input: { name: "Closed one", status: "CLOSED" } });
    await api.data(CREATE_HUNT, { input: { name: "Newest" } });
    const first = await api.data(HUNTS, { first: 2 });
    expect(first.hunts.totalCount).toBe(3);
    expect(first.hunts.nodes.map((h: any) => h.name)).toEqual(["Newest", "Closed one"]);
    expect(first.hunts.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await api.data(HUNTS, { first: 2, after: first.hunts.pageInfo.endCursor });
    expect(second.hunts.nodes.map((h: any) => h.name)).toEqual(["Emotet"]);
    expect(second.hunts.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const closed = await api.data(HUNTS, { status: "CLOSED" });
    expect(closed.hunts).toMatchObject({ totalCount: 1, nodes: [{ name: "Closed one", status: "CLOSED" }] });
  });
});
