// Every Query and Mutation field and every HTTP route, called by an anonymous caller, a viewer, an
// analyst and an admin: each is refused exactly when the caller's role is below what it declares. The
// tables below are the rules; a field or route added without a rule (or without an entry here) fails.
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLScalarType,
  getNamedType,
  isCompositeType,
} from "graphql";
import type { Database } from "../../../../src/database/data-source";
import { accessOf } from "../../../../src/graphql/access";
import { buildHuntgraphSchema } from "../../../../src/graphql/schema";
import { includes, type Need, type Role } from "../../../../src/modules/auth/role";
import { type RunningServer, startServer } from "../../../../src/server/app";
import { graphql, TOKENS } from "../../../support/auth";
import { openTestDatabase } from "../../../support/database";

const RULES: Record<"Query" | "Mutation", Record<string, Need>> = {
  Query: {
    apiTokens: "admin",
    auditEvents: "admin",
    correlation: "viewer",
    dataset: "viewer",
    datasets: "viewer",
    dispositions: "viewer",
    enrichments: "viewer",
    exclusionRules: "viewer",
    hunt: "viewer",
    hunts: "viewer",
    hypotheses: "viewer",
    hypothesis: "viewer",
    iocSightings: "viewer",
    me: "viewer",
    node: "viewer",
    nodes: "viewer",
    users: "admin",
    warninglists: "viewer",
  },
  Mutation: {
    addExclusionRule: "analyst",
    addHuntMember: "analyst",
    createApiToken: "admin",
    createHunt: "analyst",
    createHypothesis: "analyst",
    createUser: "admin",
    deleteDataset: "admin",
    deleteHunt: "admin",
    deleteHypothesis: "admin",
    importDataset: "analyst",
    login: "public",
    recordEnrichment: "analyst",
    recordEnrichments: "analyst",
    refreshToken: "public",
    reindexDataset: "analyst",
    removeDisposition: "analyst",
    removeExclusionRule: "analyst",
    removeHuntMember: "analyst",
    restrictHunt: "analyst",
    revokeApiToken: "admin",
    setDisposition: "analyst",
    updateHunt: "analyst",
    updateHypothesis: "analyst",
    updateUser: "admin",
    updateWarninglist: "admin",
  },
};

/** Every route with what it needs, and a request that reaches it. */
const ROUTES: Array<{
  route: string;
  need: Need;
  request: { method: string; path: string; headers?: Record<string, string>; body?: string };
}> = [
  { route: "GET /healthz", need: "public", request: { method: "GET", path: "/healthz" } },
  { route: "GET /livez", need: "public", request: { method: "GET", path: "/livez" } },
  { route: "GET /readyz", need: "public", request: { method: "GET", path: "/readyz" } },
  { route: "GET /metrics", need: "viewer", request: { method: "GET", path: "/metrics" } },
  { route: "GET /", need: "public", request: { method: "GET", path: "/" } },
  { route: "GET /graphiql/", need: "public", request: { method: "GET", path: "/graphiql" } },
  { route: "GET /graphiql/assets/start.js", need: "public", request: { method: "GET", path: "/graphiql/assets/start.js" } },
  { route: "GET /graphiql/assets/page.css", need: "public", request: { method: "GET", path: "/graphiql/assets/page.css" } },
  { route: "GET /graphiql/assets/:file", need: "public", request: { method: "GET", path: "/graphiql/assets/graphiql.min.css" } },
  {
    route: "POST /hunts/:huntId/datasets",
    need: "analyst",
    request: {
      method: "POST",
      path: `/hunts/${"0".repeat(32)}/datasets?filename=a.csv`,
      headers: { "content-type": "text/csv" },
      body: "a,b\n1,2\n",
    },
  },
];

const CALLERS: Array<Role | "anonymous"> = ["anonymous", "viewer", "analyst", "admin"];
const SOME_ID = "0123456789abcdef0123456789abcdef";

/** A value GraphQL accepts for an argument of `type` (the service may still refuse it). */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields()).filter((field) => field.type instanceof GraphQLNonNull);
    return Object.fromEntries(fields.map((field) => [field.name, sample(field.type)]));
  }
  const scalar = (type as GraphQLScalarType).name;
  return { ID: SOME_ID, String: "x", Int: 1, Float: 1, Boolean: true, DateTimeISO: "2030-01-01T00:00:00.000Z" }[scalar] ?? "x";
}

/** A call of `field` with every required argument, as an operation with variables. */
function callOf(operation: "query" | "mutation", field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg: GraphQLArgument) => arg.type instanceof GraphQLNonNull);
  const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const selection = isCompositeType(getNamedType(field.type)) ? " { __typename }" : "";
  return {
    query: `${operation}${declared ? `(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sample(arg.type)])),
  };
}

let database: Database;
let server: RunningServer;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0, tokens: TOKENS });
  for (const role of ["viewer", "analyst", "admin"] as const) {
    tokens[role] = (await server.services.apiTokens.create({ name: `${role} caller`, role, createdBy: "test" })).secret;
  }
});
afterAll(() => server.stop());

const refusalOf = (body: any) => (body.errors ?? []).find((error: any) => error.extensions?.needs !== undefined);

describe("the rules", () => {
  it("name every Query and Mutation field, each declaring exactly its rule", async () => {
    const schema = await buildHuntgraphSchema();
    for (const typeName of ["Query", "Mutation"] as const) {
      const fields = (schema.getType(typeName) as GraphQLObjectType).getFields();
      expect(Object.keys(fields).sort()).toEqual(Object.keys(RULES[typeName]).sort());
      for (const [name, field] of Object.entries(fields))
        expect({ field: `${typeName}.${name}`, need: accessOf(field) }).toEqual({
          field: `${typeName}.${name}`,
          need: RULES[typeName][name],
        });
    }
  });

  it("name every HTTP route, each guarded first by what it needs", () => {
    const found: string[] = [];
    const walk = (stack: any[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) {
          const path = `${prefix}${layer.route.path}`;
          for (const method of Object.keys(layer.route.methods)) {
            found.push(`${method.toUpperCase()} ${path}`);
            expect({ route: `${method.toUpperCase()} ${path}`, need: layer.route.stack[0].handle.access }).toEqual({
              route: `${method.toUpperCase()} ${path}`,
              need: ROUTES.find((r) => r.route === `${method.toUpperCase()} ${path}`)?.need,
            });
          }
        } else if (layer.handle?.stack) {
          // a router mounted at the root has the path "/"
          walk(layer.handle.stack, `${prefix}${layer.rawPath === "/" ? "" : (layer.rawPath ?? "")}`);
        }
      }
    };
    walk((server.app as any).router.stack, "");
    expect(found.sort()).toEqual(ROUTES.map((r) => r.route).sort());
  });
});

describe.each(CALLERS)("called by %s", (caller) => {
  const token = () => (caller === "anonymous" ? undefined : tokens[caller]);
  const allowed = (need: Need) => need === "public" || (caller !== "anonymous" && includes(caller, need));

  it.each(Object.entries(RULES.Query))("Query.%s (needs %s)", async (name, need) => {
    const schema = await buildHuntgraphSchema();
    const { query, variables } = callOf("query", (schema.getQueryType() as GraphQLObjectType).getFields()[name]);
    const { status, body } = await graphql(server.url, query, variables, token());
    expectVerdict(status, body, need);
  });

  it.each(Object.entries(RULES.Mutation))("Mutation.%s (needs %s)", async (name, need) => {
    const schema = await buildHuntgraphSchema();
    const { query, variables } = callOf("mutation", (schema.getMutationType() as GraphQLObjectType).getFields()[name]);
    const { status, body } = await graphql(server.url, query, variables, token());
    expectVerdict(status, body, need);
  });

  it.each(ROUTES.map((r) => [r.route, r.need, r.request] as const))("%s (needs %s)", async (_route, need, request) => {
    const secret = token();
    const response = await fetch(`${server.url}${request.path}`, {
      method: request.method,
      redirect: "manual",
      headers: { ...request.headers, ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: request.body,
    });
    if (allowed(need)) {
      expect([401, 403]).not.toContain(response.status);
    } else {
      expect(response.status).toBe(caller === "anonymous" ? 401 : 403);
      const { error } = (await response.json()) as { error: { message: string } };
      expect(error.message).toContain(`needs ${caller === "anonymous" ? "a signed-in caller with the" : "the"} ${need} role`);
    }
  });

  function expectVerdict(status: number, body: any, need: Need) {
    const refusal = refusalOf(body);
    if (allowed(need)) {
      expect(refusal).toBeUndefined();
      expect([401, 403]).not.toContain(status);
    } else {
      expect(refusal).toMatchObject({ extensions: { code: caller === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN", needs: need } });
      expect(status).toBe(caller === "anonymous" ? 401 : 403);
      expect(body.data).toBeUndefined();
    }
  }
});
