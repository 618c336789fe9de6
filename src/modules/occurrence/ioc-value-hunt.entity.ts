// A shared value's appearances in one hunt, split by the kind of column (IOC column or host-name column
// only): what correlation over some of the hunts groups. Kept with ioc_shared_values.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";
import { IocSharedValue } from "./ioc-shared-value.entity";

@Entity({ name: "ioc_value_hunts" })
export class IocValueHunt {
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_value_hunts_pkey" })
  iocType: IocType;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_value_hunts_pkey" })
  value: string;

  @Index("ix_ioc_value_hunts_hunt")
  @PrimaryColumn({ name: "hunt_id", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_value_hunts_pkey" })
  huntId: string;

  @PrimaryColumn({ name: "ioc_column", type: "boolean", primaryKeyConstraintName: "ioc_value_hunts_pkey" })
  iocColumn: boolean;

  @ManyToOne(() => IocSharedValue, { onDelete: "CASCADE" })
  @JoinColumn([
    { name: "ioc_type", referencedColumnName: "iocType", foreignKeyConstraintName: "ioc_value_hunts_value_fkey" },
    { name: "value", referencedColumnName: "value", foreignKeyConstraintName: "ioc_value_hunts_value_fkey" },
  ])
  sharedValue?: IocSharedValue;

  @Column({ type: "bigint" })
  appearances: string;

  @Column({ name: "last_seen", type: "timestamptz", nullable: true })
  lastSeen: Date | null;
}
