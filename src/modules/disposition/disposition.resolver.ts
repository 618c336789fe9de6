// GraphQL API of analysts' dispositions and exclusion rules.
import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { payloadsOf } from "../../graphql/payload";
import { IdArgs } from "../../graphql/validation";
import { recordedBy } from "../auth/caller";
import { IocDisposition } from "./disposition.entity";
import { DispositionInput, DispositionsArgs, ExclusionRuleInput } from "./disposition.inputs";
import { ExclusionRule } from "./exclusion-rule.entity";

const DispositionConnection = ConnectionType(IocDisposition, "IocDisposition", "disposition", "dispositions");
const ExclusionRuleConnection = ConnectionType(ExclusionRule, "ExclusionRule", "exclusion rule", "exclusion rules");

const dispositionPayload = payloadsOf<"disposition", IocDisposition>("disposition", () => IocDisposition, "The disposition.");
const SetDispositionPayload = dispositionPayload("SetDispositionPayload", "setting a disposition");
const RemoveDispositionPayload = dispositionPayload("RemoveDispositionPayload", "removing a disposition (as it was)");

const exclusionRulePayload = payloadsOf<"exclusionRule", ExclusionRule>("exclusionRule", () => ExclusionRule, "The exclusion rule.");
const AddExclusionRulePayload = exclusionRulePayload("AddExclusionRulePayload", "adding an exclusion rule");
const RemoveExclusionRulePayload = exclusionRulePayload("RemoveExclusionRulePayload", "removing an exclusion rule (as it was)");

@Resolver()
export class DispositionResolver {
  @Query(() => DispositionConnection, { description: "Analysts' dispositions of indicators, newest first." })
  @Access("viewer")
  async dispositions(@Args() args: DispositionsArgs, @Ctx() { services, visibility }: Context): Promise<Connection<IocDisposition>> {
    const page = pageOf(args);
    const filter = { ...args, hidden: await visibility.hiddenList() };
    const rows = await services.dispositions.dispositions(filter, page);
    return connection(rows, page, () => services.dispositions.dispositionCount(filter));
  }

  @Mutation(() => SetDispositionPayload, {
    description:
      "Marks an indicator BENIGN or IGNORED (set aside from IOC overlaps, listed under `suppressed`) or ESCALATED (raised), " +
      "for every hunt or one; replaces its earlier disposition for the same hunt (or globally). Takes effect at the next query.",
  })
  @Access("analyst")
  async setDisposition(
    @Arg("input", () => DispositionInput) input: DispositionInput,
    @Ctx() { services, visibility, caller }: Context,
  ): Promise<{ disposition: IocDisposition }> {
    if (input.huntId) await visibility.assertHunts([input.huntId]);
    return { disposition: await services.dispositions.setDisposition({ ...input, createdBy: recordedBy(caller) }) };
  }

  @Mutation(() => RemoveDispositionPayload, {
    description: "Removes a disposition (returned as it was): the indicator is ranked as before it.",
  })
  @Access("analyst")
  async removeDisposition(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<{ disposition: IocDisposition }> {
    await visibility.assertPartOf("ioc_dispositions", id);
    return { disposition: await services.dispositions.removeDisposition(id) };
  }

  @Query(() => ExclusionRuleConnection, { description: "Analysts' exclusion rules, oldest first." })
  @Access("viewer")
  async exclusionRules(@Args() args: PageArgs, @Ctx() { services }: Context): Promise<Connection<ExclusionRule>> {
    const page = pageOf(args);
    const rows = await services.dispositions.exclusionRules(page);
    return connection(rows, page, () => services.dispositions.exclusionRuleCount());
  }

  @Mutation(() => AddExclusionRulePayload, {
    description:
      "Adds a rule: the shared indicators it matches are set aside from IOC overlaps (listed under `suppressed`) from the next query on.",
  })
  @Access("analyst")
  async addExclusionRule(
    @Arg("input", () => ExclusionRuleInput) input: ExclusionRuleInput,
    @Ctx() { services, caller }: Context,
  ): Promise<{ exclusionRule: ExclusionRule }> {
    return { exclusionRule: await services.dispositions.addExclusionRule({ ...input, createdBy: recordedBy(caller) }) };
  }

  @Mutation(() => RemoveExclusionRulePayload, { description: "Removes a rule (returned as it was): what it set aside comes back." })
  @Access("analyst")
  async removeExclusionRule(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<{ exclusionRule: ExclusionRule }> {
    return { exclusionRule: await services.dispositions.removeExclusionRule(id) };
  }
}
