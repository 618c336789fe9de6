// Builds the executable schema from every resolver; the same schema is emitted to schema.graphql.
import { GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
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
import { LinkResolver } from "../modules/links/link.resolver";
import { NodeResolver } from "../modules/node/node.resolver";
import { WarninglistResolver } from "../modules/warninglist/warninglist.resolver";

const DESCRIPTION = `huntgraph: what connects these threat hunts? Hunts hold datasets (CSV exports stored row by row, their
indicator columns indexed) and hypotheses (ATT&CK techniques); \`correlation\` answers with the indicators, time
windows, techniques and hosts that several hunts share, ranked and explained, noise set aside with its reason.
Lists are Relay connections (\`first\`, \`after\`, \`totalCount\`); objects with an id implement \`Node\`; errors
carry \`extensions.code\`. Version 0.x: breaking changes are listed in CHANGELOG.md.`;

export async function buildHuntgraphSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
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
      NodeResolver,
      LinkResolver,
    ],
    // the one subscription reads the database itself (its own `subscribe`): nothing is published through type-graphql
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error("huntgraph's subscriptions have their own subscribe");
      },
    },
    scalarsMap: [{ type: Date, scalar: DateTimeISOResolver }],
    validate: { forbidUnknownValues: false },
  });
  return new GraphQLSchema({ ...schema.toConfig(), description: DESCRIPTION });
}

/** The SDL as committed in schema.graphql: sorted, so that diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
