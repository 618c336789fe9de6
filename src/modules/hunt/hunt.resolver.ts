// GraphQL API of hunts: thin calls into the services and loaders, within the hunts the caller sees.
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, connectionFromArray, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { DeletedPayloadType, payloadsOf } from "../../graphql/payload";
import { IdArgs } from "../../graphql/validation";
import { User } from "../auth/user.type";
import type { Dataset } from "../dataset/dataset.entity";
import { DatasetConnection } from "../dataset/dataset.resolver";
import type { Hypothesis } from "../hypothesis/hypothesis.entity";
import { HuntHypothesesArgs } from "../hypothesis/hypothesis.inputs";
import { HypothesisConnection } from "../hypothesis/hypothesis.resolver";
import { assertManages } from "./hunt-members.service";
import { Hunt } from "./hunt.entity";
import { CreateHuntInput, HuntMemberArgs, HuntsArgs, RestrictHuntArgs, UpdateHuntInput } from "./hunt.inputs";

const HuntConnection = ConnectionType(Hunt, "Hunt", "hunt", "hunts");

type HuntPayload = { hunt: Hunt };
const huntPayload = payloadsOf<"hunt", Hunt>("hunt", () => Hunt, "The hunt, as it is now.");
const CreateHuntPayload = huntPayload("CreateHuntPayload", "creating a hunt");
const UpdateHuntPayload = huntPayload("UpdateHuntPayload", "changing a hunt");
const RestrictHuntPayload = huntPayload("RestrictHuntPayload", "restricting or opening a hunt");
const AddHuntMemberPayload = huntPayload("AddHuntMemberPayload", "adding a member to a hunt");
const RemoveHuntMemberPayload = huntPayload("RemoveHuntMemberPayload", "removing a member from a hunt");
const DeleteHuntPayload = DeletedPayloadType("DeleteHuntPayload", "hunt");

@Resolver(() => Hunt)
export class HuntResolver {
  @Query(() => HuntConnection, { description: "The hunts the caller sees, newest first." })
  @Access("viewer")
  async hunts(@Args() args: HuntsArgs, @Ctx() { services, visibility }: Context): Promise<Connection<Hunt>> {
    const page = pageOf(args);
    const hidden = await visibility.hiddenList();
    return connection(await services.hunts.list(args, page, hidden), page, () => services.hunts.count(args, hidden));
  }

  @Query(() => Hunt, { description: "One hunt; NOT_FOUND if there is none with this id that the caller sees." })
  @Access("viewer")
  async hunt(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<Hunt> {
    await visibility.assertHunts([id]);
    return services.hunts.get(id);
  }

  @Mutation(() => CreateHuntPayload, { description: "Creates a hunt, owned by the signed-in user unless `ownerId` says otherwise." })
  @Access("analyst")
  async createHunt(
    @Arg("input", () => CreateHuntInput) input: CreateHuntInput,
    @Ctx() { services, caller }: Context,
  ): Promise<HuntPayload> {
    const ownerId = input.ownerId === undefined && caller.kind === "user" ? caller.id : input.ownerId;
    return { hunt: await services.hunts.create({ ...input, ownerId }) };
  }

  @Mutation(() => UpdateHuntPayload, {
    description: "Changes a hunt's name, description, status or owner. Only its owner or an admin changes the owner of a restricted hunt.",
  })
  @Access("analyst")
  async updateHunt(
    @Args() { id }: IdArgs,
    @Arg("input", () => UpdateHuntInput) input: UpdateHuntInput,
    @Ctx() { services, visibility, caller }: Context,
  ): Promise<HuntPayload> {
    await visibility.assertHunts([id]);
    if (input.ownerId !== undefined) {
      const hunt = await services.hunts.get(id);
      if (hunt.restricted && input.ownerId !== hunt.ownerId) assertManages(caller, hunt);
    }
    return { hunt: await services.hunts.update(id, input) };
  }

  @Mutation(() => DeleteHuntPayload, { description: "Deletes a hunt with its hypotheses and datasets." })
  @Access("admin")
  async deleteHunt(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<{ deletedId: string }> {
    return { deletedId: await services.hunts.delete(id) };
  }

  @Mutation(() => RestrictHuntPayload, {
    description: "Restricts a hunt to its owner, its members and admins, or opens it to every user again. Its owner or an admin only.",
  })
  @Access("analyst")
  async restrictHunt(@Args() { id, restricted }: RestrictHuntArgs, @Ctx() { services, visibility, caller }: Context): Promise<HuntPayload> {
    await visibility.assertHunts([id]);
    return { hunt: await services.huntMembers.setRestricted(caller, id, restricted) };
  }

  @Mutation(() => AddHuntMemberPayload, { description: "Lets a user see a restricted hunt. Its owner or an admin only." })
  @Access("analyst")
  async addHuntMember(
    @Args() { huntId, username }: HuntMemberArgs,
    @Ctx() { services, visibility, caller }: Context,
  ): Promise<HuntPayload> {
    await visibility.assertHunts([huntId]);
    return { hunt: await services.huntMembers.add(caller, huntId, username) };
  }

  @Mutation(() => RemoveHuntMemberPayload, { description: "Stops a member from seeing a restricted hunt. Its owner or an admin only." })
  @Access("analyst")
  async removeHuntMember(
    @Args() { huntId, username }: HuntMemberArgs,
    @Ctx() { services, visibility, caller }: Context,
  ): Promise<HuntPayload> {
    await visibility.assertHunts([huntId]);
    return { hunt: await services.huntMembers.remove(caller, huntId, username) };
  }

  @FieldResolver(() => [User], { description: "The users who see it while it is restricted, besides its owner and admins." })
  members(@Root() hunt: Hunt, @Ctx() { loaders }: Context): Promise<User[]> {
    return loaders.membersByHuntId.load(hunt.id);
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
