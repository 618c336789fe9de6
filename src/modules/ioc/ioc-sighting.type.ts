// Where an indicator was seen: one column of one dataset, from the occurrence index.
import { Field, Int, ObjectType } from "type-graphql";
import { IocType } from "../../shared/ioc-type";
import type { OccurrenceRow } from "../occurrence/occurrence-index";

@ObjectType({ description: "Where an indicator was seen: the rows of one column of one dataset that hold it." })
export class IocSighting {
  @Field(() => IocType, { description: "Kind of indicator." })
  iocType: IocType;

  @Field({ description: "The indicator in canonical form (trimmed, refanged; case folded by type)." })
  value: string;

  @Field({ description: "The value as it first appeared in this column." })
  rawValue: string;

  @Field({ description: "The column of the dataset (raw name)." })
  column: string;

  @Field(() => Int, { description: "How many rows of the dataset hold it in this column." })
  rowCount: number;

  @Field(() => Int, { description: "Its row count.", deprecationReason: "Use rowCount." })
  get occurrences(): number {
    return this.rowCount;
  }

  @Field(() => Int, { description: "Position of the first row that holds it." })
  firstRowIndex: number;

  @Field(() => Date, {
    nullable: true,
    description: "Timestamp of the earliest row that holds it, when the dataset has a timestamp column.",
  })
  firstSeen: Date | null;

  @Field(() => Date, { nullable: true, description: "Timestamp of the latest row that holds it." })
  lastSeen: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "How many distinct hosts the rows holding it were seen on (the dataset's host column); null when the dataset has none.",
  })
  hosts: number | null;

  datasetId: string;
  huntId: string | null;
}

export function toSighting(row: OccurrenceRow): IocSighting {
  return Object.assign(new IocSighting(), {
    iocType: row.ioc_type,
    value: row.value,
    rawValue: row.raw_value,
    column: row.column_name,
    rowCount: row.occurrences,
    firstRowIndex: row.first_row_index,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    hosts: row.hosts,
    datasetId: row.dataset_id,
    huntId: row.hunt_id,
  });
}
