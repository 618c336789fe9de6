// GraphQL API of hunts: thin calls into the services and loaders.
import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Arg, ID } from "type-graphql";
import { type Connection, ConnectionType, connection, connectionFromArray, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import type { Dataset } from "../dataset/dataset.entity";
import { DatasetConnection } from "../dataset/dataset.resolver";
import type { Hypothesis } from "../hypothesis/hypothesis.entity";
import { HuntHypothesesArgs } from "../hypothesis/hypothesis.inputs";
import { HypothesisConnection } from "../hypothesis/hypothesis.resolver";
import { Hunt } from "./hunt.entity";
import { CreateHuntInput, HuntsArgs, UpdateHuntInput } from "./hunt.inputs";

const HuntConnection = ConnectionType(Hunt, "Hunt", "hunt");

@Resolver(() => Hunt)
export class HuntResolver {
  @Query(() => HuntConnection, { description: "Hunts, newest first." })
  async hunts(@Args() args: HuntsArgs, @Ctx() { services }: Context): Promise<Connection<Hunt>> {
    const page = pageOf(args);
    return connection(await services.hunts.list(args, page), page, () => services.hunts.count(args));
  }

  @Query(() => Hunt, { description: "One hunt; NOT_FOUND if there is none with this id." })
  hunt(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<Hunt> {
    return services.hunts.get(id);
  }

  @Mutation(() => Hunt, { description: "Creates a hunt." })
  createHunt(@Arg("input", () => CreateHuntInput) input: CreateHuntInput, @Ctx() { services }: Context): Promise<Hunt> {
    return services.hunts.create(input);
  }

  @Mutation(() => Hunt, { description: "Changes a hunt's name, description, status or owner." })
  updateHunt(
    @Args() { id }: IdArgs,
    @Arg("input", () => UpdateHuntInput) input: UpdateHuntInput,
    @Ctx() { services }: Context,
  ): Promise<Hunt> {
    return services.hunts.update(id, input);
  }

  @Mutation(() => ID, { description: "Deletes a hunt with its hypotheses and datasets; returns its id." })
  deleteHunt(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<string> {
    return services.hunts.delete(id);
  }

  @FieldResolver(() => DatasetConnection, { description: "The hunt's datasets, oldest upload first." })
  async datasets(@Root() hunt: Hunt, @Args() args: PageArgs, @Ctx() { loaders }: Context): Promise<Connection<Dataset>> {
    return connectionFromArray(await loaders.datasetsByHuntId.load(hunt.id), args);
  }

  @FieldResolver(() => HypothesisConnection, { description: "The hunt's hypotheses, oldest first." })
  async hypotheses(@Root() hunt: Hunt, @Args() args: HuntHypothesesArgs, @Ctx() { loaders }: Context): Promise<Connection<Hypothesis>> {
    const all = await loaders.hypothesesByHuntId.load(hunt.id);
    return connectionFromArray(args.status ? all.filter((h) => h.status === args.status) : all, args);
  }
}
