// An analyst's exclusion rule: values it matches are set aside from IOC overlaps, with its reason.
import { Field, ID, ObjectType } from "type-graphql";
import { BeforeInsert, Column, Entity, PrimaryColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { namedEnum } from "../../shared/enums";
import { newId } from "../../shared/id";
import { IocType } from "../../shared/ioc-type";

export const ExclusionKind = namedEnum("ExclusionKind", "How an exclusion rule's pattern matches values.", {
  EXACT: "One value, compared in its canonical form.",
  CIDR: "IP addresses in a block (IPv4 or IPv6).",
  DOMAIN: "A domain and every subdomain of it, and URLs on them.",
  REGEX: "Values matching a regular expression (PostgreSQL's syntax), case-sensitive.",
});
export type ExclusionKind = (typeof ExclusionKind)[keyof typeof ExclusionKind];

@ObjectType({ implements: Node, description: "An analyst's rule that sets matching values aside from IOC overlaps." })
@Entity({ name: "exclusion_rules" })
export class ExclusionRule {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "exclusion_rules_pkey" })
  id: string;

  @Field(() => ExclusionKind, { description: "How the pattern matches." })
  @Column({ type: "varchar", length: 16 })
  kind: ExclusionKind;

  @Field({ description: "The value, block, domain or expression (canonical form for EXACT and DOMAIN)." })
  @Column({ type: "text" })
  pattern: string;

  /** The block of a CIDR rule. */
  @Column({ type: "cidr", nullable: true })
  network: string | null;

  @Field(() => IocType, { nullable: true, description: "Only values of this kind; null for every kind the pattern can match." })
  @Column({ name: "ioc_type", type: "varchar", length: 32, nullable: true })
  iocType: IocType | null;

  @Field({ description: "Why these values are not of interest: shown on every value the rule sets aside." })
  @Column({ type: "text" })
  reason: string;

  @Field({ description: "When the rule was added." })
  @Column({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: "Who added it, once access control records users." })
  @Column({ name: "created_by", type: "varchar", length: 32, nullable: true })
  createdBy: string | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
