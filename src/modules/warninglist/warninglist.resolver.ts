// GraphQL API of warninglists: list them, switch them on and off, change their role.
import { Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import type { Context } from "../../graphql/context";
import { PayloadType } from "../../graphql/payload";
import { Warninglist } from "./warninglist.entity";
import { UpdateWarninglistArgs } from "./warninglist.inputs";

const UpdateWarninglistPayload = PayloadType<"warninglist", Warninglist>("UpdateWarninglistPayload", "warninglist", () => Warninglist, {
  payload: "What changing a warninglist returns.",
  field: "The warninglist, as it is now.",
});

@Resolver(() => Warninglist)
export class WarninglistResolver {
  @Query(() => [Warninglist], { description: "Every warninglist (the bundled ones and those imported from MISP), by name." })
  @Access("viewer")
  warninglists(@Ctx() { services }: Context): Promise<Warninglist[]> {
    return services.warninglists.list();
  }

  @Mutation(() => UpdateWarninglistPayload, {
    description:
      "Enables or disables a warninglist, or changes its role. Takes effect at the next query on data already imported: " +
      "matches are kept for every list, enabled or not.",
  })
  @Access("admin")
  async updateWarninglist(
    @Args() { name, ...changes }: UpdateWarninglistArgs,
    @Ctx() { services }: Context,
  ): Promise<{ warninglist: Warninglist }> {
    return { warninglist: await services.warninglists.update(name, changes) };
  }
}
