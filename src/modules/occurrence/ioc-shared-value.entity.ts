// Indicator values indexed in two or more hunts, with their aggregates over the whole index: what
// correlation reads instead of the entries. Kept by huntgraph_refresh_shared_values() at import, reindex
// and deletion (migration 1764400000005). The plain columns count the entries of IOC columns (IOC
// overlaps); the all_ columns count every entry, host-name columns too (host overlaps).
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";

@Entity({ name: "ioc_shared_values" })
@Index("ix_ioc_shared_values_unmatched", ["iocType", "value"], { where: "NOT matched" })
@Index("ix_ioc_shared_values_rank_hosts", { synchronize: false })
@Index("ix_ioc_shared_values_rank_no_hosts", { synchronize: false })
@Index("ix_ioc_shared_values_hosts", ["hosts"])
export class IocSharedValue {
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_shared_values_pkey" })
  iocType: IocType;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_shared_values_pkey" })
  value: string;

  /** The hunts whose IOC columns hold the value, in id order. */
  @Column({ name: "hunt_ids", type: "varchar", length: 32, array: true })
  huntIds: string[];

  @Column({ type: "bigint" })
  appearances: string;

  @Column({ name: "last_seen", type: "timestamptz", nullable: true })
  lastSeen: Date | null;

  @Column({ type: "int" })
  datasets: number;

  /** Distinct hosts of the rows holding the value in IOC columns; null when no entry recorded its hosts. */
  @Column({ type: "int", nullable: true })
  hosts: number | null;

  @Column({ name: "all_hunt_ids", type: "varchar", length: 32, array: true })
  allHuntIds: string[];

  @Column({ name: "all_appearances", type: "bigint" })
  allAppearances: string;

  @Column({ name: "all_last_seen", type: "timestamptz", nullable: true })
  allLastSeen: Date | null;

  @Column({ name: "all_datasets", type: "int" })
  allDatasets: number;

  /** An ip value as inet, for CIDR patterns. */
  @Column({ type: "inet", nullable: true })
  address: string | null;

  /** Whether the value is an address in private space, never noise (kept by a trigger, migration 1764400000013). */
  @Column({ type: "boolean", default: false })
  internal: boolean;

  /** How many hunts' IOC columns hold it: the length of hunt_ids (kept by the same trigger). */
  @Column({ name: "hunt_count", type: "int", default: 0 })
  huntCount: number;

  /** The part of its score that depends on the value alone, its prevalence and type (kept by the same trigger). */
  @Column({ name: "rank_key", type: "double precision", default: 0 })
  rankKey: number;

  /** The host of a domain or URL value, for hostname patterns. */
  @Column({ type: "text", nullable: true })
  host: string | null;

  /** Every warninglist that matches the value, enabled or not (kept from ioc_list_matches by triggers, migration 1764400000006). */
  @Column({ name: "list_ids", type: "int", array: true, default: () => "'{}'" })
  listIds: number[];

  /** Those of list_ids whose matching block is narrow enough for a CONTEXT role to raise the value. */
  @Column({ name: "narrow_list_ids", type: "int", array: true, default: () => "'{}'" })
  narrowListIds: number[];

  /** Every exclusion rule that matches the value (kept from ioc_rule_matches by triggers). */
  @Column({ name: "rule_ids", type: "varchar", length: 32, array: true, default: () => "'{}'" })
  ruleIds: string[];

  /** Whether the value has been matched against every warninglist and exclusion rule. */
  @Column({ type: "boolean", default: false })
  matched: boolean;
}
