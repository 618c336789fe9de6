// Datasets whose occurrence index predates what huntgraph now records (host prevalence, the canonical
// forms of migration 1764400000005): `huntgraph reindex` brings them up to date and removes them.
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Dataset } from "../dataset/dataset.entity";

@Entity({ name: "huntgraph_reindex_required" })
export class ReindexRequired {
  @PrimaryColumn({ name: "dataset_id", type: "varchar", length: 32, primaryKeyConstraintName: "huntgraph_reindex_required_pkey" })
  datasetId: string;

  @ManyToOne(() => Dataset, { onDelete: "CASCADE" })
  @JoinColumn({ name: "dataset_id", foreignKeyConstraintName: "huntgraph_reindex_required_dataset_id_fkey" })
  dataset?: Dataset;

  @Column({ type: "text" })
  reason: string;
}
