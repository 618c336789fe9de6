// Builds the executable schema from every resolver; the same schema is emitted to schema.graphql.
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { AuditResolver } from "../modules/audit/audit.resolver";
import { AuthResolver } from "../modules/auth/auth.resolver";
import {
  CorrelationResolver,
  HostOverlapResolver,
  IocOverlapResolver,
  TechniqueOverlapResolver,
  TimeOverlapResolver,
} from "../modules/correlation/correlation.resolver";
import { DatasetResolver } from "../modules/dataset/dataset.resolver";
import { DispositionResolver } from "../modules/disposition/disposition.resolver";
import { EnrichmentResolver } from "../modules/enrichment/enrichment.resolver";
import { HuntResolver } from "../modules/hunt/hunt.resolver";
import { HypothesisResolver } from "../modules/hypothesis/hypothesis.resolver";
import { IngestResolver } from "../modules/ingest/ingest.resolver";
import { IocResolver } from "../modules/ioc/ioc.resolver";
import { WarninglistResolver } from "../modules/warninglist/warninglist.resolver";

export function buildHuntgraphSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      HuntResolver,
      DatasetResolver,
      HypothesisResolver,
      EnrichmentResolver,
      IngestResolver,
      IocResolver,
      CorrelationResolver,
      IocOverlapResolver,
      TimeOverlapResolver,
      TechniqueOverlapResolver,
      HostOverlapResolver,
      WarninglistResolver,
      DispositionResolver,
      AuthResolver,
      AuditResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeISOResolver }],
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL as committed in schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
