// One entry of a warninglist: a pattern as MISP writes it and, for CIDR lists, as a network.
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Warninglist } from "./warninglist.entity";

@Entity({ name: "warninglist_entries" })
// On network with inet_ops, for `address <<= network`: an SP-GiST index (a radix tree), made by a migration.
@Index("ix_warninglist_entries_network", { synchronize: false })
@Index("ix_warninglist_entries_pattern", ["pattern"], { where: "network IS NULL" })
export class WarninglistEntry {
  @PrimaryColumn({ name: "list_id", type: "int", primaryKeyConstraintName: "warninglist_entries_pkey" })
  listId: number;

  @ManyToOne(() => Warninglist, { onDelete: "CASCADE" })
  @JoinColumn({ name: "list_id", foreignKeyConstraintName: "warninglist_entries_list_id_fkey" })
  list?: Warninglist;

  /** Lower-cased unless the list is of regular expressions; a CIDR list's block. */
  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "warninglist_entries_pkey" })
  pattern: string;

  @Column({ type: "cidr", nullable: true })
  network: string | null;
}
