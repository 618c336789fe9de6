// One stored CSV row (ThreatHunt's `dataset_rows` table), also the GraphQL `DatasetRow` type.
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Dataset } from "./dataset.entity";

@ObjectType({ description: "One row of a dataset, as uploaded and keyed by canonical column names." })
@Entity({ name: "dataset_rows" })
@Index("ix_dataset_rows_dataset_row", ["datasetId", "rowIndex"])
export class DatasetRow {
  @Field(() => Int, { description: "Database id of the row (ThreatHunt's hypotheses cite these as evidence)." })
  @PrimaryGeneratedColumn({ type: "int", primaryKeyConstraintName: "dataset_rows_pkey" })
  id: number;

  @Index("ix_dataset_rows_dataset_id")
  @Column({ name: "dataset_id", type: "varchar", length: 32 })
  datasetId: string;

  @ManyToOne(() => Dataset, { onDelete: "CASCADE" })
  @JoinColumn({ name: "dataset_id", foreignKeyConstraintName: "dataset_rows_dataset_id_fkey" })
  datasetRelation?: Dataset;

  @Field(() => Int, { description: "Position of the row in the file, from 0." })
  @Column({ name: "row_index", type: "int" })
  rowIndex: number;

  @Field(() => GraphQLJSONObject, { description: "The raw row: column name → cell text." })
  @Column({ type: "json" })
  data: Record<string, string>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The same row keyed by canonical column names." })
  @Column({ name: "normalized_data", type: "json", nullable: true })
  normalizedData: Record<string, string> | null;
}
