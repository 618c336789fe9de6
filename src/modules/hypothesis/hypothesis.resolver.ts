// GraphQL API of hypotheses: thin calls into the services and loaders.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import { Hunt } from "../hunt/hunt.entity";
import { Hypothesis } from "./hypothesis.entity";
import { CreateHypothesisInput, HypothesesArgs, UpdateHypothesisInput } from "./hypothesis.inputs";

export const HypothesisConnection = ConnectionType(Hypothesis, "Hypothesis", "hypothesis", "hypotheses");

@Resolver(() => Hypothesis)
export class HypothesisResolver {
  @Query(() => Hypothesis, { description: "One hypothesis; NOT_FOUND if there is none with this id in a hunt the caller sees." })
  @Access("viewer")
  async hypothesis(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<Hypothesis> {
    await visibility.assertPartOf("hypotheses", id);
    return services.hypotheses.get(id);
  }

  @Query(() => HypothesisConnection, { description: "The hypotheses of a hunt, oldest first." })
  @Access("viewer")
  async hypotheses(@Args() args: HypothesesArgs, @Ctx() { services, visibility }: Context): Promise<Connection<Hypothesis>> {
    await visibility.assertHunts([args.huntId]);
    const page = pageOf(args);
    const items = await services.hypotheses.listByHunt(args.huntId, args.status, page);
    return connection(items, page, () => services.hypotheses.countByHunt(args.huntId, args.status));
  }

  @Mutation(() => Hypothesis, { description: "Adds a hypothesis to a hunt. The technique id is stored trimmed and upper-case." })
  @Access("analyst")
  async createHypothesis(
    @Arg("input", () => CreateHypothesisInput) input: CreateHypothesisInput,
    @Ctx() { services, visibility }: Context,
  ): Promise<Hypothesis> {
    await visibility.assertHunts([input.huntId]);
    return services.hypotheses.create(input);
  }

  @Mutation(() => Hypothesis, { description: "Changes a hypothesis." })
  @Access("analyst")
  async updateHypothesis(
    @Args() { id }: IdArgs,
    @Arg("input", () => UpdateHypothesisInput) input: UpdateHypothesisInput,
    @Ctx() { services, visibility }: Context,
  ): Promise<Hypothesis> {
    await visibility.assertPartOf("hypotheses", id);
    return services.hypotheses.update(id, input);
  }

  @Mutation(() => ID, { description: "Deletes a hypothesis; returns its id." })
  @Access("admin")
  deleteHypothesis(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<string> {
    return services.hypotheses.delete(id);
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt the hypothesis belongs to." })
  hunt(@Root() hypothesis: Hypothesis, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return hypothesis.huntId ? loaders.huntById.load(hypothesis.huntId) : null;
  }
}
