// Hypotheses through the GraphQL API: create, read, list per hunt with a status filter, update, delete.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";

const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`;
const HYPOTHESIS_FIELDS = `id title description mitreTechnique status evidenceRowIds evidenceNotes`;
const CREATE_HYPOTHESIS = `mutation ($input: CreateHypothesisInput!) { createHypothesis(input: $input) { hypothesis { ${HYPOTHESIS_FIELDS} } } }`;
const HYPOTHESIS = `query ($id: ID!) { hypothesis(id: $id) { ${HYPOTHESIS_FIELDS} hunt { id name } } }`;
const HYPOTHESES = `query ($huntId: ID!, $status: HypothesisStatus, $first: Int, $after: String) {
  hypotheses(huntId: $huntId, status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { title status }
  }
}`;
const HUNT_HYPOTHESES = `query ($id: ID!, $status: HypothesisStatus) {
  hunt(id: $id) { hypotheses(status: $status) { totalCount nodes { title hunt { id } } } }
}`;
const UPDATE_HYPOTHESIS = `mutation ($id: ID!, $input: UpdateHypothesisInput!) { updateHypothesis(id: $id, input: $input) { hypothesis { ${HYPOTHESIS_FIELDS} } } }`;
const DELETE_HYPOTHESIS = `mutation ($id: ID!) { deleteHypothesis(id: $id) { deletedId } }`;

const UNKNOWN_ID = "00000000000000000000000000000000";

let database: Database;
let api: TestApi;
let huntId: string;
let otherHuntId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  huntId = (await api.data(CREATE_HUNT, { name: "Initial access" })).createHunt.hunt.id;
  otherHuntId = (await api.data(CREATE_HUNT, { name: "Other" })).createHunt.hunt.id;
  // Created one after the other, so creation order is this order.
  for (const [title, mitreTechnique, status, hunt] of [
    ["PowerShell download cradle", " t1059.001 ", undefined, huntId],
    ["RDP lateral movement", "T1021", "ACTIVE", huntId],
    ["Run key persistence", null, "CONFIRMED", huntId],
    ["Elsewhere", "T1021", "ACTIVE", otherHuntId],
  ] as const) {
    const {
      createHypothesis: { hypothesis: createHypothesis },
    } = await api.data(CREATE_HYPOTHESIS, { input: { huntId: hunt, title, mitreTechnique, status } });
    ids[title] = createHypothesis.id;
  }
});
afterAll(() => database.close());

describe("creating a hypothesis", () => {
  it("stores the technique id trimmed and upper-case, with the default status", async () => {
    const { hypothesis } = await api.data(HYPOTHESIS, { id: ids["PowerShell download cradle"] });
    expect(hypothesis).toEqual({
      id: ids["PowerShell download cradle"],
      title: "PowerShell download cradle",
      description: null,
      mitreTechnique: "T1059.001",
      status: "DRAFT",
      evidenceRowIds: null,
      evidenceNotes: null,
      hunt: { id: huntId, name: "Initial access" },
    });
    const [row] = await database.dataSource.query("SELECT mitre_technique, status FROM hypotheses WHERE id = $1", [
      ids["PowerShell download cradle"],
    ]);
    expect(row).toEqual({ mitre_technique: "T1059.001", status: "draft" });
  });

  it("keeps every field it is given", async () => {
    const input = {
      huntId,
      title: "  Mimikatz  ",
      description: "LSASS access",
      mitreTechnique: "T1003",
      status: "REJECTED",
      evidenceRowIds: [3, 1],
      evidenceNotes: "row 3",
    };
    const {
      createHypothesis: { hypothesis: createHypothesis },
    } = await api.data(CREATE_HYPOTHESIS, { input });
    expect(createHypothesis).toEqual({
      id: createHypothesis.id,
      title: "Mimikatz",
      description: "LSASS access",
      mitreTechnique: "T1003",
      status: "REJECTED",
      evidenceRowIds: [3, 1],
      evidenceNotes: "row 3",
    });
    await api.data(DELETE_HYPOTHESIS, { id: createHypothesis.id });
  });

  it("gives the default status to a hypothesis created with status null", async () => {
    const {
      createHypothesis: { hypothesis: createHypothesis },
    } = await api.data(CREATE_HYPOTHESIS, { input: { huntId, title: "Null status", status: null } });
    expect(createHypothesis.status).toBe("DRAFT");
    await api.data(DELETE_HYPOTHESIS, { id: createHypothesis.id });
  });

  it.each(["T59", "1059.001", "T1059.1", "T1059.001x", "TA0001"])("rejects the technique id '%s'", async (mitreTechnique) => {
    const result = await api.run(CREATE_HYPOTHESIS, { input: { huntId, title: "Bad", mitreTechnique } });
    expect(result.errors?.[0]).toMatchObject({
      message: `Invalid input: mitreTechnique must be a MITRE ATT&CK technique id such as T1059 or T1059.001, got '${mitreTechnique}'`,
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("rejects evidence row ids below 1", async () => {
    const result = await api.run(CREATE_HYPOTHESIS, { input: { huntId, title: "Bad", evidenceRowIds: [4, 0] } });
    expect(result.errors?.[0]).toMatchObject({
      message: "Invalid input: evidenceRowIds must hold positive row ids",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("answers NOT_FOUND for an unknown hunt and writes nothing", async () => {
    const result = await api.run(CREATE_HYPOTHESIS, { input: { huntId: UNKNOWN_ID, title: "Orphan" } });
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
    const [{ n }] = await database.dataSource.query("SELECT count(*)::int AS n FROM hypotheses WHERE title = 'Orphan'");
    expect(n).toBe(0);
  });
});

describe("listing hypotheses", () => {
  it("pages a hunt's hypotheses oldest first", async () => {
    const first = await api.data(HYPOTHESES, { huntId, first: 2 });
    expect(first.hypotheses).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
      nodes: [{ title: "PowerShell download cradle" }, { title: "RDP lateral movement" }],
    });
    const second = await api.data(HYPOTHESES, { huntId, first: 2, after: first.hypotheses.pageInfo.endCursor });
    expect(second.hypotheses).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      nodes: [{ title: "Run key persistence", status: "CONFIRMED" }],
    });
  });

  it("filters by status", async () => {
    const { hypotheses } = await api.data(HYPOTHESES, { huntId, status: "ACTIVE" });
    expect(hypotheses).toEqual({
      totalCount: 1,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: expect.any(String) },
      nodes: [{ title: "RDP lateral movement", status: "ACTIVE" }],
    });
  });

  it("filters a hunt's hypotheses field by status, each resolving its hunt", async () => {
    const all = await api.data(HUNT_HYPOTHESES, { id: huntId });
    expect(all.hunt.hypotheses.totalCount).toBe(3);
    const { hunt } = await api.data(HUNT_HYPOTHESES, { id: otherHuntId, status: "ACTIVE" });
    expect(hunt.hypotheses).toEqual({ totalCount: 1, nodes: [{ title: "Elsewhere", hunt: { id: otherHuntId } }] });
    const drafts = await api.data(HUNT_HYPOTHESES, { id: otherHuntId, status: "DRAFT" });
    expect(drafts.hunt.hypotheses).toEqual({ totalCount: 0, nodes: [] });
  });

  it("answers NOT_FOUND for an unknown hunt", async () => {
    const result = await api.run(HYPOTHESES, { huntId: UNKNOWN_ID });
    expect(result.errors?.[0]).toMatchObject({ message: `No hunt with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });
});

describe("updating a hypothesis", () => {
  it("changes the fields it is given, normalizing the technique id", async () => {
    const id = ids["Run key persistence"];
    const {
      updateHypothesis: { hypothesis: updateHypothesis },
    } = await api.data(UPDATE_HYPOTHESIS, { id, input: { mitreTechnique: "t1547.001 ", evidenceRowIds: [7] } });
    expect(updateHypothesis).toEqual({
      id,
      title: "Run key persistence",
      description: null,
      mitreTechnique: "T1547.001",
      status: "CONFIRMED",
      evidenceRowIds: [7],
      evidenceNotes: null,
    });
  });

  it("clears the technique id given as null and leaves the rest", async () => {
    const id = ids["RDP lateral movement"];
    const {
      updateHypothesis: { hypothesis: updateHypothesis },
    } = await api.data(UPDATE_HYPOTHESIS, { id, input: { mitreTechnique: null } });
    expect(updateHypothesis).toMatchObject({ title: "RDP lateral movement", mitreTechnique: null, status: "ACTIVE" });
  });

  it("rejects an explicit null title or status", async () => {
    const id = ids["RDP lateral movement"];
    const title = await api.run(UPDATE_HYPOTHESIS, { id, input: { title: null } });
    expect(title.errors?.[0]).toMatchObject({ message: "Invalid input: title cannot be null", extensions: { code: "BAD_USER_INPUT" } });
    const status = await api.run(UPDATE_HYPOTHESIS, { id, input: { status: null } });
    expect(status.errors?.[0]).toMatchObject({ message: "Invalid input: status cannot be null", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("rejects an invalid technique id", async () => {
    const result = await api.run(UPDATE_HYPOTHESIS, { id: ids["RDP lateral movement"], input: { mitreTechnique: "lateral" } });
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("answers NOT_FOUND for an unknown hypothesis", async () => {
    const result = await api.run(UPDATE_HYPOTHESIS, { id: UNKNOWN_ID, input: { title: "x" } });
    expect(result.errors?.[0]).toMatchObject({ message: `No hypothesis with id '${UNKNOWN_ID}'`, extensions: { code: "NOT_FOUND" } });
  });
});

describe("deleting a hypothesis", () => {
  it("deletes it and leaves its hunt and the hunt's other hypotheses", async () => {
    const id = ids["PowerShell download cradle"];
    expect(await api.data(DELETE_HYPOTHESIS, { id })).toEqual({ deleteHypothesis: { deletedId: id } });
    const gone = await api.run(HYPOTHESIS, { id });
    expect(gone.errors?.[0]).toMatchObject({ message: `No hypothesis with id '${id}'`, extensions: { code: "NOT_FOUND" } });
    const { hypotheses } = await api.data(HYPOTHESES, { huntId });
    expect(hypotheses.nodes.map((h: { title: string }) => h.title)).toEqual(["RDP lateral movement", "Run key persistence"]);
  });

  it("answers NOT_FOUND for an unknown hypothesis", async () => {
    const result = await api.run(DELETE_HYPOTHESIS, { id: UNKNOWN_ID });
    expect(result.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});
