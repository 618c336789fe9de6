// GraphQL API of enrichment results: thin calls into the service and loaders.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { PayloadType } from "../../graphql/payload";
import { Dataset } from "../dataset/dataset.entity";
import { EnrichmentResult } from "./enrichment.entity";
import { EnrichmentInput, EnrichmentsArgs, RecordEnrichmentsArgs } from "./enrichment.inputs";

const EnrichmentResultConnection = ConnectionType(EnrichmentResult, "EnrichmentResult", "enrichment result", "enrichment results");

const RecordEnrichmentPayload = PayloadType<"enrichment", EnrichmentResult>(
  "RecordEnrichmentPayload",
  "enrichment",
  () => EnrichmentResult,
  {
    payload: "What caching one threat-intel result returns.",
    field: "The result, as stored.",
  },
);
const RecordEnrichmentsPayload = PayloadType<"enrichments", EnrichmentResult[]>(
  "RecordEnrichmentsPayload",
  "enrichments",
  () => [EnrichmentResult],
  { payload: "What caching many threat-intel results returns.", field: "The results, as stored, in the order given." },
);

@Resolver(() => EnrichmentResult)
export class EnrichmentResolver {
  @Query(() => EnrichmentResultConnection, {
    description: "Every cached result for an indicator value, newest first, stale ones included.",
  })
  @Access("viewer")
  async enrichments(@Args() args: EnrichmentsArgs, @Ctx() { services }: Context): Promise<Connection<EnrichmentResult>> {
    const page = pageOf(args);
    return connection(await services.enrichments.listByValue(args.iocValue, page), page, () =>
      services.enrichments.countByValue(args.iocValue),
    );
  }

  @Mutation(() => RecordEnrichmentPayload, { description: "Caches one threat-intel result." })
  @Access("analyst")
  async recordEnrichment(
    @Arg("input", () => EnrichmentInput) input: EnrichmentInput,
    @Ctx() { services }: Context,
  ): Promise<{ enrichment: EnrichmentResult }> {
    const [enrichment] = await services.enrichments.record([input]);
    return { enrichment };
  }

  @Mutation(() => RecordEnrichmentsPayload, {
    description: "Caches many threat-intel results at once: all of them, or none if one is invalid.",
  })
  @Access("analyst")
  async recordEnrichments(
    @Args() { results }: RecordEnrichmentsArgs,
    @Ctx() { services }: Context,
  ): Promise<{ enrichments: EnrichmentResult[] }> {
    return { enrichments: await services.enrichments.record(results) };
  }

  @FieldResolver(() => Boolean, { description: "Whether the result is past its expiry and no longer counts towards a verdict." })
  expired(@Root() result: EnrichmentResult): boolean {
    return result.expiresAt !== null && result.expiresAt.getTime() <= Date.now();
  }

  @FieldResolver(() => Dataset, { nullable: true, description: "The dataset the indicator was found in, if recorded." })
  dataset(@Root() result: EnrichmentResult, @Ctx() { loaders }: Context): Promise<Dataset | null> | null {
    return result.datasetId ? loaders.datasetById.load(result.datasetId) : null;
  }
}
