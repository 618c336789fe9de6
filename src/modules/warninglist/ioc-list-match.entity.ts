// A shared value that a warninglist matches, whether the list is enabled or not: computed when the value
// becomes shared and when the list is loaded, so that enabling or disabling a list costs nothing.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { IocType } from "../../shared/ioc-type";
import { IocSharedValue } from "../occurrence/ioc-shared-value.entity";
import { Warninglist } from "./warninglist.entity";

@Entity({ name: "ioc_list_matches" })
export class IocListMatch {
  @PrimaryColumn({ name: "ioc_type", type: "varchar", length: 32, primaryKeyConstraintName: "ioc_list_matches_pkey" })
  iocType: IocType;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "ioc_list_matches_pkey" })
  value: string;

  @Index("ix_ioc_list_matches_list")
  @PrimaryColumn({ name: "list_id", type: "int", primaryKeyConstraintName: "ioc_list_matches_pkey" })
  listId: number;

  /** For a CIDR list: the prefix length of the narrowest of its blocks holding the address. */
  @Column({ type: "smallint", nullable: true })
  prefix: number | null;

  @ManyToOne(() => IocSharedValue, { onDelete: "CASCADE" })
  @JoinColumn([
    { name: "ioc_type", referencedColumnName: "iocType", foreignKeyConstraintName: "ioc_list_matches_value_fkey" },
    { name: "value", referencedColumnName: "value", foreignKeyConstraintName: "ioc_list_matches_value_fkey" },
  ])
  sharedValue?: IocSharedValue;

  @ManyToOne(() => Warninglist, { onDelete: "CASCADE" })
  @JoinColumn({ name: "list_id", foreignKeyConstraintName: "ioc_list_matches_list_id_fkey" })
  list?: Warninglist;
}
