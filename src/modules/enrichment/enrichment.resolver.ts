// GraphQL API of enrichment results: thin calls into the service and loaders.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { Dataset } from "../dataset/dataset.entity";
import { EnrichmentResult } from "./enrichment.entity";
import { EnrichmentInput, EnrichmentsArgs, RecordEnrichmentsArgs } from "./enrichment.inputs";

const EnrichmentResultConnection = ConnectionType(EnrichmentResult, "EnrichmentResult", "enrichment result");

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

  @Mutation(() => EnrichmentResult, { description: "Caches one threat-intel result." })
  @Access("analyst")
  async recordEnrichment(
    @Arg("input", () => EnrichmentInput) input: EnrichmentInput,
    @Ctx() { services }: Context,
  ): Promise<EnrichmentResult> {
    const [result] = await services.enrichments.record([input]);
    return result;
  }

  @Mutation(() => [EnrichmentResult], { description: "Caches many threat-intel results at once: all of them, or none if one is invalid." })
  @Access("analyst")
  recordEnrichments(@Args() { results }: RecordEnrichmentsArgs, @Ctx() { services }: Context): Promise<EnrichmentResult[]> {
    return services.enrichments.record(results);
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
