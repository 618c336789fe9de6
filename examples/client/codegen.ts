// graphql-codegen's client preset over huntgraph's committed schema.graphql: a typed document for every
// operation in src/operations.ts, as plain strings (documentMode "string"), so the client needs no
// GraphQL library at run time. `npm run client:generate` (from the repository root) writes src/gql/.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/operations.ts"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        documentMode: "string",
        strictScalars: true,
        // huntgraph's custom scalars, as JSON carries them
        scalars: { DateTimeISO: "string", JSON: "unknown", JSONObject: "Record<string, unknown>", SafeInt: "number" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
