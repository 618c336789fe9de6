// GraphQL API of hypotheses: thin calls into the services and loaders.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { type Connection, ConnectionType, connection, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import { Hunt } from "../hunt/hunt.entity";
import { Hypothesis } from "./hypothesis.entity";
import { CreateHypothesisInput, HypothesesArgs, UpdateHypothesisInput } from "./hypothesis.inputs";

export const HypothesisConnection = ConnectionType(Hypothesis, "Hypothesis", "hypothesis", "hypotheses");

@Resolver(() => Hypothesis)
export class HypothesisResolver {
  @Query(() => Hypothesis, { description: "One hypothesis; NOT_FOUND if there is none with this id." })
  hypothesis(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<Hypothesis> {
    return services.hypotheses.get(id);
  }

  @Query(() => HypothesisConnection, { description: "The hypotheses of a hunt, oldest first." })
  async hypotheses(@Args() args: HypothesesArgs, @Ctx() { services }: Context): Promise<Connection<Hypothesis>> {
    const page = pageOf(args);
    const items = await services.hypotheses.listByHunt(args.huntId, args.status, page);
    return connection(items, page, () => services.hypotheses.countByHunt(args.huntId, args.status));
  }

  @Mutation(() => Hypothesis, { description: "Adds a hypothesis to a hunt. The technique id is stored trimmed and upper-case." })
  createHypothesis(
    @Arg("input", () => CreateHypothesisInput) input: CreateHypothesisInput,
    @Ctx() { services }: Context,
  ): Promise<Hypothesis> {
    return services.hypotheses.create(input);
  }

  @Mutation(() => Hypothesis, { description: "Changes a hypothesis." })
  updateHypothesis(
    @Args() { id }: IdArgs,
    @Arg("input", () => UpdateHypothesisInput) input: UpdateHypothesisInput,
    @Ctx() { services }: Context,
  ): Promise<Hypothesis> {
    return services.hypotheses.update(id, input);
  }

  @Mutation(() => ID, { description: "Deletes a hypothesis; returns its id." })
  deleteHypothesis(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<string> {
    return services.hypotheses.delete(id);
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt the hypothesis belongs to." })
  hunt(@Root() hypothesis: Hypothesis, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return hypothesis.huntId ? loaders.huntById.load(hypothesis.huntId) : null;
  }
}
