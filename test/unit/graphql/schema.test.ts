// schema.graphql is the schema the code builds, and every type and field in it is described.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  getNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
} from "graphql";
import { buildHuntgraphSchema, printSortedSchema } from "../../../src/graphql/schema";

const SCHEMA_FILE = path.resolve(__dirname, "../../../schema.graphql");
// Root operation types are named by GraphQL itself; type-graphql cannot describe them.
const ROOT_TYPES = new Set(["Query", "Mutation", "Subscription"]);

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildHuntgraphSchema();
});

/** "Type" or "Type.field" for everything in the schema without a description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (!ROOT_TYPES.has(type.name) && !type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing;
}

describe("the schema", () => {
  it("matches the committed schema.graphql", () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    const built = printSortedSchema(schema);
    if (built !== committed) {
      const builtLines = built.split("\n");
      const line = committed.split("\n").findIndex((text, i) => text !== builtLines[i]);
      throw new Error(`schema.graphql is out of date (first difference at line ${line + 1}): run \`npm run schema\` and commit the result`);
    }
    expect(built).toContain("type Hunt implements Node {");
  });

  it("describes every type, field and enum value", () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it("notices an undescribed field", () => {
    const bare = buildSchema(`"""Root."""\ntype Query { """Described."""\na: Int\nb: Int }\n"""A thing."""\ntype Thing { c: String }`);
    expect(undescribed(bare).sort()).toEqual(["Query.b", "Thing.c"]);
  });
});

describe("the schema, for generated clients", () => {
  /** Every field that returns a connection, as "Type.field". */
  function connectionFields(): Array<[string, any, string]> {
    const found: Array<[string, any, string]> = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name.endsWith("Connection")) found.push([`${type.name}.${field.name}`, field, type.name]);
      }
    }
    return found;
  }

  it("gives every connection `first: Int! = 50` and a nullable `after`", () => {
    const fields = connectionFields();
    expect(fields.length).toBeGreaterThanOrEqual(15);
    for (const [name, field] of fields) {
      const first = field.args.find((arg: any) => arg.name === "first");
      const after = field.args.find((arg: any) => arg.name === "after");
      expect([name, String(first?.type), first?.defaultValue, String(after?.type)]).toEqual([name, "Int!", 50, "String"]);
    }
  });

  it("has every mutation return a payload type of its own", () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const payloads = mutations.map((field) => [field.name, String(field.type)]);
    for (const [name, type] of payloads) {
      expect([name, type]).toEqual([name, expect.stringMatching(/^\w+Payload!$/)]);
    }
    // login and refreshToken answer alike; every other mutation has a payload of its own
    const names = payloads.map(([, type]) => type).filter((type) => type !== "SignInPayload!");
    expect(new Set(names).size).toBe(names.length);
  });

  it("lets every object with an id of its own be found again through Node", () => {
    const node = schema.getType("Node");
    expect(isInterfaceType(node)).toBe(true);
    const implementing = schema
      .getPossibleTypes(node as any)
      .map((type) => type.name)
      .sort();
    expect(implementing).toEqual(["Dataset", "EnrichmentResult", "ExclusionRule", "Hunt", "Hypothesis", "IocDisposition"]);
    expect(String(schema.getQueryType()!.getFields().node.type)).toBe("Node");
  });

  it("names one idea one way: a kind of indicator is `iocType`, a count of rows `rowCount`, except where deprecated", () => {
    const offending: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason) continue;
        if (getNamedType(field.type).name === "IocType" && !["iocType", "iocTypes"].includes(field.name))
          offending.push(`${type.name}.${field.name}`);
        if (["count", "appearances", "occurrences"].includes(field.name)) offending.push(`${type.name}.${field.name}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("has a description of its own, and non-null creation times", () => {
    expect(schema.description).toContain("what connects these threat hunts");
    for (const name of ["Hunt", "Dataset", "Hypothesis"]) {
      const type = schema.getType(name);
      expect([name, isObjectType(type) && isNonNullType(type.getFields().createdAt.type)]).toEqual([name, true]);
    }
  });
});
