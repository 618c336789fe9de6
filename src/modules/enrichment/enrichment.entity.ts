// A cached threat-intel verdict on one indicator from one source (ThreatHunt's `enrichment_results` table).
import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, ID, ObjectType } from "type-graphql";
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { valuedEnum } from "../../shared/enums";
import { newId } from "../../shared/id";
import { IocType } from "../../shared/ioc-type";
import { Dataset } from "../dataset/dataset.entity";

export const Verdict = valuedEnum("Verdict", "What a threat-intel source said about an indicator.", {
  MALICIOUS: ["malicious", "Known bad."],
  SUSPICIOUS: ["suspicious", "Possibly bad."],
  UNKNOWN: ["unknown", "The source has no opinion."],
  CLEAN: ["clean", "Known good."],
  ERROR: ["error", "The lookup failed; carries no verdict."],
});
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

@ObjectType({ implements: Node, description: "A cached threat-intel result for one indicator from one source." })
@Entity({ name: "enrichment_results" })
@Index("ix_enrichment_results_ioc_source", ["iocValue", "source"])
// On huntgraph_canonical_ioc(ioc_type, ioc_value): an expression index, made by a migration.
@Index("ix_enrichment_results_ioc_key", { synchronize: false })
export class EnrichmentResult {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "enrichment_results_pkey" })
  id: string;

  @Field({ description: "The indicator, as it was looked up." })
  @Index("ix_enrichment_results_ioc_value")
  @Column({ name: "ioc_value", type: "varchar", length: 512 })
  iocValue: string;

  @Field(() => IocType, { description: "Kind of indicator." })
  @Column({ name: "ioc_type", type: "varchar", length: 32 })
  iocType: IocType;

  @Field({ description: "Where the verdict came from (virustotal, abuseipdb, shodan, ai, ...)." })
  @Column({ type: "varchar", length: 32 })
  source: string;

  @Field(() => Verdict, { nullable: true, description: "The source's verdict." })
  @Column({ type: "varchar", length: 16, nullable: true })
  verdict: Verdict | null;

  @Field(() => Float, { nullable: true, description: "The source's confidence, when it gives one." })
  @Column({ type: "float", nullable: true })
  confidence: number | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "The source's raw answer." })
  @Column({ name: "raw_result", type: "json", nullable: true })
  rawResult: unknown;

  @Field(() => String, { nullable: true, description: "Human-readable summary of the answer." })
  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Column({ name: "dataset_id", type: "varchar", length: 32, nullable: true })
  datasetId: string | null;

  @ManyToOne(() => Dataset, { nullable: true })
  @JoinColumn({ name: "dataset_id", foreignKeyConstraintName: "enrichment_results_dataset_id_fkey" })
  datasetRelation?: Dataset;

  @Field({ description: "When the result was fetched." })
  @Column({ name: "cached_at", type: "timestamptz", default: () => "now()" })
  cachedAt: Date;

  @Field(() => Date, { nullable: true, description: "When the result goes stale; stale results no longer count towards a verdict." })
  @Column({ name: "expires_at", type: "timestamptz", nullable: true })
  expiresAt: Date | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
