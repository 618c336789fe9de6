// One entry of a warninglist: a pattern as MISP writes it and, for CIDR lists, as a network.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Warninglist } from "./warninglist.entity";

@Entity({ name: "warninglist_entries" })
// On network with inet_ops, for `address <<= network`: a GiST index, made by a migration.
@Index("ix_warninglist_entries_network", { synchronize: false })
export class WarninglistEntry {
  @PrimaryGeneratedColumn({ type: "bigint", primaryKeyConstraintName: "warninglist_entries_pkey" })
  id: string;

  @Index("ix_warninglist_entries_list")
  @Column({ name: "list_id", type: "int" })
  listId: number;

  @ManyToOne(() => Warninglist, { onDelete: "CASCADE" })
  @JoinColumn({ name: "list_id", foreignKeyConstraintName: "warninglist_entries_list_id_fkey" })
  list?: Warninglist;

  /** Lower-cased unless the list is of regular expressions. */
  @Index("ix_warninglist_entries_pattern")
  @Column({ type: "text" })
  pattern: string;

  @Column({ type: "cidr", nullable: true })
  network: string | null;
}
