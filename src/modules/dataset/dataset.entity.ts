// A dataset: one uploaded CSV export in a hunt (ThreatHunt's `datasets` table), also the GraphQL `Dataset` type.
import { GraphQLJSONObject, GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { BeforeInsert, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Node } from "../../graphql/node";
import { newId } from "../../shared/id";
import { Hunt } from "../hunt/hunt.entity";

@ObjectType({
  implements: Node,
  description: "One uploaded CSV export, stored row by row, with its columns mapped and its IOC columns detected.",
})
@Entity({ name: "datasets" })
// a file imported again into the same hunt is found by its hash (migration 1764400000010)
@Index("ix_datasets_hunt_content", ["huntId", "contentSha256"], { where: "content_sha256 IS NOT NULL" })
export class Dataset {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  @PrimaryColumn({ type: "varchar", length: 32, primaryKeyConstraintName: "datasets_pkey" })
  id: string;

  @Field({ description: "Display name." })
  @Index("ix_datasets_name")
  @Column({ type: "varchar", length: 256 })
  name: string;

  @Field({ description: "Name of the uploaded file." })
  @Column({ type: "varchar", length: 512 })
  filename: string;

  @Field(() => String, { nullable: true, description: "Tool that produced the export (velociraptor, osquery, sysmon, ...), when known." })
  @Column({ name: "source_tool", type: "varchar", length: 64, nullable: true })
  sourceTool: string | null;

  @Field(() => Int, { description: "Number of data rows." })
  @Column({ name: "row_count", type: "int" })
  rowCount: number;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "Raw column name → inferred type (ip, hash_sha256, timestamp, string, ...).",
  })
  @Column({ name: "column_schema", type: "json", nullable: true })
  columnSchema: Record<string, string> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Raw column name → canonical column name (hostname, src_ip, ...)." })
  @Column({ name: "normalized_columns", type: "json", nullable: true })
  normalizedColumns: Record<string, string> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Raw column name → IOC type, for the columns that hold indicators." })
  @Column({ name: "ioc_columns", type: "json", nullable: true })
  iocColumns: Record<string, string> | null;

  @Field(() => GraphQLSafeInt, { description: "Size of the uploaded file in bytes (files over 2 GiB included)." })
  @Column({
    name: "file_size_bytes",
    type: "bigint",
    transformer: { to: (bytes: number) => bytes, from: (bytes: string) => Number(bytes) },
  })
  fileSizeBytes: number;

  @Field(() => String, {
    nullable: true,
    description:
      "SHA-256 of the file's bytes (hex), which tells the same file imported again; null for datasets imported before it was kept.",
  })
  @Column({ name: "content_sha256", type: "char", length: 64, nullable: true })
  contentSha256: string | null;

  @Field(() => String, { nullable: true, description: "Detected text encoding of the file." })
  @Column({ type: "varchar", length: 32, nullable: true })
  encoding: string | null;

  @Field(() => String, { nullable: true, description: "Detected field delimiter." })
  @Column({ type: "varchar", length: 4, nullable: true })
  delimiter: string | null;

  @Field(() => Date, { nullable: true, description: "Earliest timestamp in the dataset's first timestamp column." })
  @Column({ name: "time_range_start", type: "timestamptz", nullable: true })
  timeRangeStart: Date | null;

  @Field(() => Date, { nullable: true, description: "Latest timestamp in the dataset's first timestamp column." })
  @Column({ name: "time_range_end", type: "timestamptz", nullable: true })
  timeRangeEnd: Date | null;

  @Index("ix_datasets_hunt")
  @Column({ name: "hunt_id", type: "varchar", length: 32, nullable: true })
  huntId: string | null;

  @ManyToOne(() => Hunt, { nullable: true })
  @JoinColumn({ name: "hunt_id", foreignKeyConstraintName: "datasets_hunt_id_fkey" })
  huntRelation?: Hunt;

  @Field(() => String, { nullable: true, description: "Id of the user who uploaded it, if recorded." })
  @Column({ name: "uploaded_by", type: "varchar", length: 32, nullable: true })
  uploadedBy: string | null;

  @Field({ description: "When the dataset was uploaded." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
