// schema.graphql is the schema the code builds, and every type and field in it is described.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
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
    expect(built).toContain("type Hunt {");
  });

  it("describes every type, field and enum value", () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it("notices an undescribed field", () => {
    const bare = buildSchema(`"""Root."""\ntype Query { """Described."""\na: Int\nb: Int }\n"""A thing."""\ntype Thing { c: String }`);
    expect(undescribed(bare).sort()).toEqual(["Query.b", "Thing.c"]);
  });
});
