// A hypothesis of a hunt, tied to a MITRE ATT&CK technique (ThreatHunt's `hypotheses` table).
import { Field, ID, Int, ObjectType } from "type-graphql";
import { BeforeInsert, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { valuedEnum } from "../../shared/enums";
import { newId } from "../../shared/id";
import { Hunt } from "../hunt/hunt.entity";

export const HypothesisStatus = valuedEnum("HypothesisStatus", "Where a hypothesis stands.", {
  DRAFT: ["draft", "Written down, not yet investigated."],
  ACTIVE: ["active", "Being investigated."],
  CONFIRMED: ["confirmed", "Supported by evidence."],
  REJECTED: ["rejected", "Ruled out."],
});
export type HypothesisStatus = (typeof HypothesisStatus)[keyof typeof HypothesisStatus];

@ObjectType({ implements: Node, description: "A hypothesis of a hunt, usually tied to a MITRE ATT&CK technique." })
@Entity({ name: "hypotheses" })
export class Hypothesis {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "hypotheses_pkey" })
  id: string;

  @Index("ix_hypotheses_hunt_id")
  @Column({ name: "hunt_id", type: "varchar", length: 32, nullable: true })
  huntId: string | null;

  @ManyToOne(() => Hunt, { nullable: true })
  @JoinColumn({ name: "hunt_id", foreignKeyConstraintName: "hypotheses_hunt_id_fkey" })
  huntRelation?: Hunt;

  @Field({ description: "Short statement of the hypothesis." })
  @Column({ type: "varchar", length: 256 })
  title: string;

  @Field(() => String, { nullable: true, description: "Longer explanation." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: "MITRE ATT&CK technique id, e.g. T1059.001." })
  @Column({ name: "mitre_technique", type: "varchar", length: 32, nullable: true })
  mitreTechnique: string | null;

  @Field(() => HypothesisStatus, { description: "Where the hypothesis stands." })
  @Column({ type: "varchar", length: 16, default: HypothesisStatus.DRAFT })
  status: HypothesisStatus;

  @Field(() => [Int], { nullable: true, description: "Ids of dataset rows cited as evidence." })
  @Column({ name: "evidence_row_ids", type: "json", nullable: true })
  evidenceRowIds: number[] | null;

  @Field(() => String, { nullable: true, description: "Notes on the evidence." })
  @Column({ name: "evidence_notes", type: "text", nullable: true })
  evidenceNotes: string | null;

  // Nullable in ThreatHunt's schema; never null in its data, and NOT NULL since migration 11.
  @Field({ description: "When the hypothesis was created." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Field({ description: "When the hypothesis was last changed." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
