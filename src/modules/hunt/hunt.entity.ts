// A hunt: ThreatHunt's `hunts` table, also the GraphQL `Hunt` type.
import { Field, ID, ObjectType } from "type-graphql";
import { BeforeInsert, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { valuedEnum } from "../../shared/enums";
import { newId } from "../../shared/id";

export const HuntStatus = valuedEnum("HuntStatus", "Lifecycle of a hunt.", {
  ACTIVE: ["active", "Being worked on."],
  CLOSED: ["closed", "Finished."],
  ARCHIVED: ["archived", "Kept for reference only."],
});
export type HuntStatus = (typeof HuntStatus)[keyof typeof HuntStatus];

@ObjectType({ implements: Node, description: "A threat hunt: the datasets and hypotheses of one investigation." })
@Entity({ name: "hunts" })
export class Hunt {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "hunts_pkey" })
  id: string;

  @Field({ description: "Name of the hunt." })
  @Column({ type: "varchar", length: 256 })
  name: string;

  @Field(() => String, { nullable: true, description: "Free-text description." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => HuntStatus, { description: "Lifecycle status." })
  @Column({ type: "varchar", length: 32, default: HuntStatus.ACTIVE })
  status: HuntStatus;

  @Field(() => String, { nullable: true, description: "Id of the user who owns the hunt, if recorded." })
  @Column({ name: "owner_id", type: "varchar", length: 32, nullable: true })
  ownerId: string | null;

  @Field({ description: "Whether only its owner, its members and admins see it; to anyone else it does not exist." })
  @Column({ type: "boolean", default: false })
  restricted: boolean;

  @Field({ description: "When the hunt was created." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field({ description: "When the hunt was last changed." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
