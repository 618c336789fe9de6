// `npm run schema`: writes schema.graphql from the code.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildHuntgraphSchema, printSortedSchema } from "./schema";

buildHuntgraphSchema().then((schema) => {
  const file = path.resolve(__dirname, "../../schema.graphql");
  writeFileSync(file, printSortedSchema(schema));
  console.log(`wrote ${file}`);
});
