// A shared value that an exclusion rule matches: computed when the value becomes shared and when the
// rule is added, never at query time.
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";
import { IocSharedValue } from "../occurrence/ioc-shared-value.entity";
import { ExclusionRule } from "./exclusion-rule.entity";

@Entity({ name: "ioc_rule_matches" })
export class IocRuleMatch {
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_rule_matches_pkey" })
  iocType: IocType;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_rule_matches_pkey" })
  value: string;

  @Index("ix_ioc_rule_matches_rule")
  @PrimaryColumn({ name: "rule_id", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_rule_matches_pkey" })
  ruleId: string;

  @ManyToOne(() => IocSharedValue, { onDelete: "CASCADE" })
  @JoinColumn([
    { name: "ioc_type", referencedColumnName: "iocType", foreignKeyConstraintName: "ioc_rule_matches_value_fkey" },
    { name: "value", referencedColumnName: "value", foreignKeyConstraintName: "ioc_rule_matches_value_fkey" },
  ])
  sharedValue?: IocSharedValue;

  @ManyToOne(() => ExclusionRule, { onDelete: "CASCADE" })
  @JoinColumn({ name: "rule_id", foreignKeyConstraintName: "ioc_rule_matches_rule_id_fkey" })
  rule?: ExclusionRule;
}
