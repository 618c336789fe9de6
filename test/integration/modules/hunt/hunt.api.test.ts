// Hunts through the GraphQL API: create, read, list with a status filter, update, delete.
import type { Database } from "../../../../src/database/data-source";
import { encodeCursor } from "../../../../src/graphql/connection";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { insertDataset } from "../../../support/datasets";

const CREATE_HUNT = `mutation ($input: CreateHuntInput!) { createHunt(input: $input) { hunt { id name status description } } }`;
const HUNTS = `query ($status: HuntStatus, $first: Int, $after: String) {
  hunts(status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { name status }
  }
}`;
const HUNT = `query ($id: ID!) { hunt(id: $id) { id name description status ownerId } }`;
const UPDATE_HUNT = `mutation ($id: ID!, $input: UpdateHuntInput!) {
  updateHunt(id: $id, input: $input) { hunt { id name description status ownerId } }
}`;
const DELETE_HUNT = `mutation ($id: ID!) { deleteHunt(id: $id) { deletedId } }`;
const CREATE_HYPOTHESIS = `mutation ($input: CreateHypothesisInput!) { createHypothesis(input: $input) { hypothesis { id } } }`;
const RECORD_ENRICHMENT = `mutation ($input: EnrichmentInput!) { recordEnrichment(input: $input) { enrichment { id } } }`;

let database: Database;
let api: TestApi;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
});
afterAll(() => database.close());

describe("hunts", () => {
  it("creates a hunt with a 32-character hex id and the default status", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { input: { name: "  Emotet  " } });
    expect(createHunt.id).toMatch(/^[0-9a-f]{32}$/);
    expect(createHunt).toMatchObject({ name: "Emotet", status: "ACTIVE", description: null });
  });

  it("gives the default status to a hunt created with status null", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { input: { name: "Null status", status: null } });
    expect(createHunt).toMatchObject({ name: "Null status", status: "ACTIVE" });
    await api.data(DELETE_HUNT, { id: createHunt.id });
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

describe("updating a hunt", () => {
  it("changes only the fields it is given", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, {
      input: { name: "Qakbot", description: "loader", status: "CLOSED", ownerId: "u1" },
    });
    const {
      updateHunt: { hunt: updateHunt },
    } = await api.data(UPDATE_HUNT, { id: createHunt.id, input: { description: "banking loader" } });
    expect(updateHunt).toEqual({ id: createHunt.id, name: "Qakbot", description: "banking loader", status: "CLOSED", ownerId: "u1" });
    const { hunt } = await api.data(HUNT, { id: createHunt.id });
    expect(hunt).toEqual(updateHunt);
  });

  it("clears a nullable field given as null and trims a new name", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { input: { name: "Cobalt", description: "beacons", ownerId: "u2" } });
    const {
      updateHunt: { hunt: updateHunt },
    } = await api.data(UPDATE_HUNT, { id: createHunt.id, input: { name: "  Cobalt Strike ", description: null } });
    expect(updateHunt).toEqual({ id: createHunt.id, name: "Cobalt Strike", description: null, status: "ACTIVE", ownerId: "u2" });
  });

  it("rejects an explicit null name as bad input and leaves the hunt as it was", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { input: { name: "Keep me" } });
    const result = await api.run(UPDATE_HUNT, { id: createHunt.id, input: { name: null } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ message: "Invalid input: name cannot be null", extensions: { code: "BAD_USER_INPUT" } });
    const { hunt } = await api.data(HUNT, { id: createHunt.id });
    expect(hunt.name).toBe("Keep me");
  });

  it("rejects an explicit null status as bad input", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(CREATE_HUNT, { input: { name: "Status stays" } });
    const result = await api.run(UPDATE_HUNT, { id: createHunt.id, input: { status: null } });
    expect(result.errors?.[0]).toMatchObject({ message: "Invalid input: status cannot be null", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("answers NOT_FOUND for an id that names no hunt", async () => {
    const id = "0123456789abcdef0123456789abcdef";
    const result = await api.run(UPDATE_HUNT, { id, input: { name: "Ghost" } });
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${id}'`, extensions: { code: "NOT_FOUND" } });
  });
});

describe("deleting a hunt", () => {
  it("deletes its hypotheses, datasets and rows, and keeps the enrichments that cited its datasets", async () => {
    const {
      createHunt: { hunt: doomed },
    } = await api.data(CREATE_HUNT, { input: { name: "Doomed" } });
    const {
      createHunt: { hunt: kept },
    } = await api.data(CREATE_HUNT, { input: { name: "Kept" } });
    const doomedDataset = await insertDataset(database.dataSource, {
      huntId: doomed.id,
      name: "proc",
      rows: [{ a: "1" }, { a: "2" }, { a: "3" }],
    });
    const keptDataset = await insertDataset(database.dataSource, { huntId: kept.id, name: "net", rows: [{ b: "1" }, { b: "2" }] });
    for (const huntId of [doomed.id, doomed.id, kept.id]) {
      await api.data(CREATE_HYPOTHESIS, { input: { huntId, title: "T" } });
    }
    const {
      recordEnrichment: { enrichment: citingDoomed },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "10.0.0.1", iocType: "IP", source: "virustotal", datasetId: doomedDataset.id },
    });
    const {
      recordEnrichment: { enrichment: citingKept },
    } = await api.data(RECORD_ENRICHMENT, {
      input: { iocValue: "10.0.0.2", iocType: "IP", source: "virustotal", datasetId: keptDataset.id },
    });

    expect(await api.data(DELETE_HUNT, { id: doomed.id })).toEqual({ deleteHunt: { deletedId: doomed.id } });

    const count = async (sql: string, params: unknown[]) => (await database.dataSource.query(sql, params))[0].n;
    expect(await count("SELECT count(*)::int AS n FROM hunts WHERE id = $1", [doomed.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM hypotheses WHERE hunt_id = $1", [doomed.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM datasets WHERE hunt_id = $1", [doomed.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1", [doomedDataset.id])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM hypotheses WHERE hunt_id = $1", [kept.id])).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1", [keptDataset.id])).toBe(2);
    const enrichments = await database.dataSource.query(
      "SELECT id, dataset_id FROM enrichment_results WHERE id = ANY($1) ORDER BY ioc_value",
      [[citingDoomed.id, citingKept.id]],
    );
    expect(enrichments).toEqual([
      { id: citingDoomed.id, dataset_id: null },
      { id: citingKept.id, dataset_id: keptDataset.id },
    ]);
    const after = await api.run(HUNT, { id: doomed.id });
    expect(after.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for an id that names no hunt", async () => {
    const id = "ffffffffffffffffffffffffffffffff";
    const result = await api.run(DELETE_HUNT, { id });
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${id}'`, extensions: { code: "NOT_FOUND", ids: [id] } });
  });
});

describe("bad requests", () => {
  it("accepts a 256-character name and rejects a 257-character one, naming the field", async () => {
    const ok = await api.data(CREATE_HUNT, { input: { name: "x".repeat(256) } });
    expect(ok.createHunt.hunt.name).toHaveLength(256);
    const result = await api.run(CREATE_HUNT, { input: { name: "x".repeat(257) } });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: name must be 1 to 256 characters long",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("rejects a blank name", async () => {
    const result = await api.run(CREATE_HUNT, { input: { name: " \t " } });
    expect(result.errors?.[0]).toMatchObject({ message: "Invalid input: name must not be blank", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("answers NOT_FOUND naming an unknown id", async () => {
    const id = "abcdefabcdefabcdefabcdefabcdef00";
    const result = await api.run(HUNT, { id });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${id}'`, extensions: { code: "NOT_FOUND", ids: [id] } });
  });

  it.each(["42", "ABCDEFABCDEFABCDEFABCDEFABCDEF00", "abcdefabcdefabcdefabcdefabcdef0g"])("rejects the malformed id '%s'", async (id) => {
    const result = await api.run(HUNT, { id });
    expect(result.errors?.[0]).toMatchObject({
      message: `Invalid input: id must be a 32-character lowercase hex id, got '${id}'`,
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it.each([
    [-1, "first must be at least 1, got -1"],
    [0, "first must be at least 1, got 0"],
    [501, "first must be at most 500, got 501"],
  ])("rejects first: %d", async (first, message) => {
    const result = await api.run(HUNTS, { first });
    expect(result.errors?.[0]).toMatchObject({ message: `Invalid input: ${message}`, extensions: { code: "BAD_USER_INPUT" } });
  });

  it("accepts first: 500", async () => {
    const result = await api.run(HUNTS, { first: 500 });
    expect(result.errors).toBeUndefined();
  });

  it.each([
    ["garbage", "garbage"],
    ["a cursor with no position", Buffer.from("position:").toString("base64url")],
    ["a cursor with a negative position", Buffer.from("position:-1").toString("base64url")],
    ["a cursor with a fractional position", Buffer.from("position:1.5").toString("base64url")],
    ["a cursor past any possible position", encodeCursor(2 ** 31 - 1)],
  ])("rejects %s as the after cursor", async (_what, after) => {
    const result = await api.run(HUNTS, { after });
    expect(result.errors?.[0]).toMatchObject({
      message: `after: '${after}' is not a cursor of this connection`,
      extensions: { code: "BAD_USER_INPUT", field: "after" },
    });
  });

  it("continues after a cursor it made", async () => {
    const { hunts: all } = await api.data(HUNTS, { first: 3 });
    const { hunts: rest } = await api.data(HUNTS, { first: 2, after: encodeCursor(0) });
    expect(rest.nodes).toEqual(all.nodes.slice(1, 3));
  });
});
