// Builds the executable schema from every resolver; the same schema is emitted to schema.graphql.
import { DateTimeISOResolver } from "graphql-scalars";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { DatasetResolver } from "../modules/dataset/dataset.resolver";
import { EnrichmentResolver } from "../modules/enrichment/enrichment.resolver";
import { HuntResolver } from "../modules/hunt/hunt.resolver";
import { HypothesisResolver } from "../modules/hypothesis/hypothesis.resolver";
import { IngestResolver } from "../modules/ingest/ingest.resolver";

export function buildHuntgraphSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [HuntResolver, DatasetResolver, HypothesisResolver, EnrichmentResolver, IngestResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeISOResolver }],
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL as committed in schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
