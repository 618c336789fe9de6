// Datasets and their rows: reads, deletion, and the batch reads behind the per-request loaders.
import type { DataSource, EntityManager } from "typeorm";
import { lockForDelete, withoutStatementTimeout } from "../../database/transactions";
import { anyOf, byKey, groupByKey } from "../../shared/batch";
import { notFound } from "../../shared/errors";
import type { Page } from "../../shared/page";
import type { EnrichmentService } from "../enrichment/enrichment.service";
import { DatasetRow } from "./dataset-row.entity";
import { Dataset } from "./dataset.entity";
import { ROW_PAGES, ROWS_AT } from "./dataset.sql";

interface RowRecord {
  id: number;
  dataset_id: string;
  row_index: number;
  data: Record<string, string>;
  normalized_data: Record<string, string> | null;
}

function toRow(r: RowRecord): DatasetRow {
  return Object.assign(new DatasetRow(), {
    id: r.id,
    datasetId: r.dataset_id,
    rowIndex: r.row_index,
    data: r.data,
    normalizedData: r.normalized_data,
  });
}

/** The key of one row for `rowsAt`. */
export function rowPosition(datasetId: string, rowIndex: number): string {
  return `${datasetId}:${rowIndex}`;
}

/** Oldest first, as they were uploaded; the id breaks ties. */
const UPLOAD_ORDER = { createdAt: "ASC", id: "ASC" } as const;

export class DatasetService {
  constructor(
    private readonly db: DataSource,
    private readonly enrichments: EnrichmentService,
  ) {}

  private get repo() {
    return this.db.getRepository(Dataset);
  }

  async byIds(ids: readonly string[]): Promise<(Dataset | null)[]> {
    return byKey(ids, await this.repo.findBy({ id: anyOf(ids) }), (dataset) => dataset.id);
  }

  async byHuntIds(huntIds: readonly string[]): Promise<Dataset[][]> {
    const datasets = await this.repo.find({ where: { huntId: anyOf(huntIds) }, order: UPLOAD_ORDER });
    return groupByKey(huntIds, datasets, (dataset) => dataset.huntId);
  }

  async get(id: string): Promise<Dataset> {
    const dataset = await this.repo.findOneBy({ id });
    if (!dataset) throw notFound("dataset", id);
    return dataset;
  }

  /** Every dataset, oldest first. */
  all(): Promise<Dataset[]> {
    return this.repo.find({ order: UPLOAD_ORDER });
  }

  listByHunt(huntId: string, page: Page): Promise<Dataset[]> {
    return this.repo.find({ where: { huntId }, order: UPLOAD_ORDER, skip: page.offset, take: page.limit + 1 });
  }

  /** The earliest dataset of the hunt imported from a file with these bytes, if any. */
  findByContent(huntId: string, contentSha256: string): Promise<Dataset | null> {
    return this.repo.findOne({ where: { huntId, contentSha256 }, order: { createdAt: "ASC", id: "ASC" } });
  }

  countByHunt(huntId: string): Promise<number> {
    return this.repo.countBy({ huntId });
  }

  /**
   * Rows of many datasets, the same page of each, in one query. Rows are paged by row_index, which
   * runs 0..n-1 in a dataset, so a page's position is its row index and deep pages stay cheap.
   */
  async rowPages(datasetIds: readonly string[], page: Page): Promise<DatasetRow[][]> {
    const records: RowRecord[] = await this.db.query(ROW_PAGES, [datasetIds, page.offset, page.limit + 1]);
    return groupByKey(datasetIds, records.map(toRow), (row) => row.datasetId);
  }

  /** Rows by `<dataset id>:<row index>` keys, in one query. */
  async rowsAt(keys: readonly string[]): Promise<(DatasetRow | null)[]> {
    const positions = keys.map((key) => key.split(":"));
    const records: RowRecord[] = await this.db.query(ROWS_AT, [positions.map(([id]) => id), positions.map(([, index]) => Number(index))]);
    return byKey(keys, records.map(toRow), (row) => rowPosition(row.datasetId, row.rowIndex));
  }

  /** Deletes the dataset with its rows; enrichment results that cite it keep their verdicts. */
  async delete(id: string): Promise<string> {
    await this.get(id);
    await this.db.transaction(async (tx) => {
      await withoutStatementTimeout(tx);
      await lockForDelete(tx, "datasets", id, `dataset ${id} is being reindexed or changed right now; delete it once that has ended`);
      await this.enrichments.detachFrom(tx, [id]);
      await tx.delete(Dataset, { id });
    });
    return id;
  }

  /** Inside the transaction `tx`: deletes every dataset of the hunt, as `delete` deletes one. */
  async deleteOfHunt(tx: EntityManager, huntId: string): Promise<void> {
    const datasets = await tx.find(Dataset, { select: { id: true }, where: { huntId } });
    await this.enrichments.detachFrom(
      tx,
      datasets.map((dataset) => dataset.id),
    );
    await tx.delete(Dataset, { huntId });
  }
}
