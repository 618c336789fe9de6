// GraphQL API of hypotheses: thin calls into the services and loaders.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { DeletedPayloadType, payloadsOf } from "../../graphql/payload";
import { IdArgs } from "../../graphql/validation";
import { Hunt } from "../hunt/hunt.entity";
import { Hypothesis } from "./hypothesis.entity";
import { CreateHypothesisInput, HypothesesArgs, UpdateHypothesisInput } from "./hypothesis.inputs";

export const HypothesisConnection = ConnectionType(Hypothesis, "Hypothesis", "hypothesis", "hypotheses");

type HypothesisPayload = { hypothesis: Hypothesis };
const hypothesisPayload = payloadsOf<"hypothesis", Hypothesis>("hypothesis", () => Hypothesis, "The hypothesis, as it is now.");
const CreateHypothesisPayload = hypothesisPayload("CreateHypothesisPayload", "adding a hypothesis");
const UpdateHypothesisPayload = hypothesisPayload("UpdateHypothesisPayload", "changing a hypothesis");
const DeleteHypothesisPayload = DeletedPayloadType("DeleteHypothesisPayload", "hypothesis");

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

  @Mutation(() => CreateHypothesisPayload, {
    description: "Adds a hypothesis to a hunt. The technique id is stored trimmed and upper-case.",
  })
  @Access("analyst")
  async createHypothesis(
    @Arg("input", () => CreateHypothesisInput) input: CreateHypothesisInput,
    @Ctx() { services, visibility }: Context,
  ): Promise<HypothesisPayload> {
    await visibility.assertHunts([input.huntId]);
    return { hypothesis: await services.hypotheses.create(input) };
  }

  @Mutation(() => UpdateHypothesisPayload, { description: "Changes a hypothesis." })
  @Access("analyst")
  async updateHypothesis(
    @Args() { id }: IdArgs,
    @Arg("input", () => UpdateHypothesisInput) input: UpdateHypothesisInput,
    @Ctx() { services, visibility }: Context,
  ): Promise<HypothesisPayload> {
    await visibility.assertPartOf("hypotheses", id);
    return { hypothesis: await services.hypotheses.update(id, input) };
  }

  @Mutation(() => DeleteHypothesisPayload, { description: "Deletes a hypothesis." })
  @Access("admin")
  async deleteHypothesis(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<{ deletedId: string }> {
    return { deletedId: await services.hypotheses.delete(id) };
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt the hypothesis belongs to." })
  hunt(@Root() hypothesis: Hypothesis, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return hypothesis.huntId ? loaders.huntById.load(hypothesis.huntId) : null;
  }
}
