// One indexed indicator: a canonical value in one column of one dataset, with how often and when it occurs.
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";

@Entity({ name: "ioc_occurrences" })
@Index("ix_ioc_occurrences_value", ["value", "iocType"])
@Index("ix_ioc_occurrences_hostnames", ["value"], { where: "ioc_type = 'hostname'" })
export class IocOccurrence {
  /** No foreign key: a trigger on datasets deletes a dataset's entries (see migration 1764400000004). */
  @PrimaryColumn({ name: "dataset_id", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_occurrences_pkey" })
  datasetId: string;

  /** Copied from the dataset, so that grouping by hunt needs no join. */
  @Column({ name: "hunt_id", type: "varchar", length: 32, nullable: true })
  huntId: string | null;

  @PrimaryColumn({ name: "column_name", type: "varchar", length: 512, primaryKeyConstraintName: "ioc_occurrences_pkey" })
  columnName: string;

  /** A column can be indexed under two types: a host-name column whose values also look like domains. */
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_occurrences_pkey" })
  iocType: IocType;

  /**
   * True for an IOC column of the dataset (its `ioc_columns` give it this type), false for a host-name
   * column indexed only for host overlaps: IOC overlaps count the first kind, host overlaps both.
   */
  @Column({ name: "from_ioc_column", type: "boolean" })
  fromIocColumn: boolean;

  /** Canonical form (see canonicalIocValue): what correlation compares. */
  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_occurrences_pkey" })
  value: string;

  /** The value as it first appeared in the file, for display. */
  @Column({ name: "raw_value", type: "text" })
  rawValue: string;

  @Column({ type: "int" })
  occurrences: number;

  @Column({ name: "first_row_index", type: "int" })
  firstRowIndex: number;

  @Column({ name: "first_seen", type: "timestamptz", nullable: true })
  firstSeen: Date | null;

  @Column({ name: "last_seen", type: "timestamptz", nullable: true })
  lastSeen: Date | null;

  /**
   * The distinct hosts (upper-cased, as ThreatHunt compares them) of the rows holding the value, from the
   * dataset's host-name column; null when the dataset has none.
   */
  @Column({ type: "text", array: true, nullable: true })
  hosts: string[] | null;
}
