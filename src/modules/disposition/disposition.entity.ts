// An analyst's judgement of one indicator, for every hunt or for one: BENIGN and IGNORED set it aside
// from IOC overlaps, ESCALATED raises it.
import { Field, ID, ObjectType } from "type-graphql";
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { namedEnum } from "../../shared/enums";
import { newId } from "../../shared/id";
import { IocType } from "../../shared/ioc-type";
import { Hunt } from "../hunt/hunt.entity";

export const DispositionKind = namedEnum("DispositionKind", "An analyst's judgement of an indicator.", {
  BENIGN: "Known good: set aside from IOC overlaps.",
  IGNORED: "Not relevant to this investigation: set aside from IOC overlaps.",
  ESCALATED: "Needs attention: raises the indicator's score.",
});
export type DispositionKind = (typeof DispositionKind)[keyof typeof DispositionKind];

@ObjectType({ implements: Node, description: "An analyst's judgement of one indicator, for every hunt or for one hunt." })
@Entity({ name: "ioc_dispositions" })
// Unique on (ioc_type, value, coalesce(hunt_id, '')): an expression index, made by a migration.
@Index("ux_ioc_dispositions", { synchronize: false })
export class IocDisposition {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "ioc_dispositions_pkey" })
  id: string;

  @Field(() => IocType, { description: "Kind of indicator." })
  @Column({ name: "ioc_type", type: "varchar", length: 32 })
  iocType: IocType;

  @Field({ description: "The indicator, in its canonical form." })
  @Column({ type: "text" })
  value: string;

  @Field(() => String, { nullable: true, description: "The hunt it applies to (when that hunt is correlated); null for every hunt." })
  @Column({ name: "hunt_id", type: "varchar", length: 32, nullable: true })
  huntId: string | null;

  @ManyToOne(() => Hunt, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn({ name: "hunt_id", foreignKeyConstraintName: "ioc_dispositions_hunt_id_fkey" })
  huntRelation?: Hunt;

  @Field(() => DispositionKind, { description: "The judgement." })
  @Column({ type: "varchar", length: 16 })
  disposition: DispositionKind;

  @Field({ description: "Why: shown in the indicator's reasons and, when it is set aside, in `suppressedBy`." })
  @Column({ type: "text" })
  reason: string;

  @Field({ description: "When it was recorded." })
  @Column({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt: Date;

  @Field(() => String, { nullable: true, description: "Who recorded it, once access control records users." })
  @Column({ name: "created_by", type: "varchar", length: 32, nullable: true })
  createdBy: string | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
