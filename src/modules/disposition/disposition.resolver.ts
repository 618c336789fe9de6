// GraphQL API of analysts' dispositions and exclusion rules.
import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import { IocDisposition } from "./disposition.entity";
import { DispositionInput, DispositionsArgs, ExclusionRuleInput } from "./disposition.inputs";
import { ExclusionRule } from "./exclusion-rule.entity";

const DispositionConnection = ConnectionType(IocDisposition, "IocDisposition", "disposition");
const ExclusionRuleConnection = ConnectionType(ExclusionRule, "ExclusionRule", "exclusion rule");

@Resolver()
export class DispositionResolver {
  @Query(() => DispositionConnection, { description: "Analysts' dispositions of indicators, newest first." })
  async dispositions(@Args() args: DispositionsArgs, @Ctx() { services }: Context): Promise<Connection<IocDisposition>> {
    const page = pageOf(args);
    const rows = await services.dispositions.dispositions(args, page);
    return connection(rows, page, () => services.dispositions.dispositionCount(args));
  }

  @Mutation(() => IocDisposition, {
    description:
      "Marks an indicator BENIGN or IGNORED (set aside from IOC overlaps, listed under `suppressed`) or ESCALATED (raised), " +
      "for every hunt or one; replaces its earlier disposition for the same hunt (or globally). Takes effect at the next query.",
  })
  setDisposition(@Arg("input", () => DispositionInput) input: DispositionInput, @Ctx() { services }: Context): Promise<IocDisposition> {
    return services.dispositions.setDisposition(input);
  }

  @Mutation(() => IocDisposition, { description: "Removes a disposition (returned as it was): the indicator is ranked as before it." })
  removeDisposition(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<IocDisposition> {
    return services.dispositions.removeDisposition(id);
  }

  @Query(() => ExclusionRuleConnection, { description: "Analysts' exclusion rules, oldest first." })
  async exclusionRules(@Args() args: PageArgs, @Ctx() { services }: Context): Promise<Connection<ExclusionRule>> {
    const page = pageOf(args);
    const rows = await services.dispositions.exclusionRules(page);
    return connection(rows, page, () => services.dispositions.exclusionRuleCount());
  }

  @Mutation(() => ExclusionRule, {
    description:
      "Adds a rule: the shared indicators it matches are set aside from IOC overlaps (listed under `suppressed`) from the next query on.",
  })
  addExclusionRule(
    @Arg("input", () => ExclusionRuleInput) input: ExclusionRuleInput,
    @Ctx() { services }: Context,
  ): Promise<ExclusionRule> {
    return services.dispositions.addExclusionRule(input);
  }

  @Mutation(() => ExclusionRule, { description: "Removes a rule (returned as it was): what it set aside comes back." })
  removeExclusionRule(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<ExclusionRule> {
    return services.dispositions.removeExclusionRule(id);
  }
}
