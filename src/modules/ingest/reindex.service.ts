// Rebuilds the occurrence index of a dataset from its stored rows: for databases filled by ThreatHunt
// itself, whose datasets have rows but no index, or to redo an index. One dataset per transaction.
import type { DataSource, QueryRunner } from "typeorm";
import { withoutStatementTimeout } from "../../database/transactions";
import { notFound } from "../../shared/errors";
import { Dataset } from "../dataset/dataset.entity";
import type { DatasetIndex, OccurrenceIndex } from "../occurrence/occurrence-index";
import { ROWS_AFTER } from "./ingest.sql";
import { TimeRangeTracker } from "./profile/timestamps";
import { ReindexRequired } from "./reindex-required.entity";

/** Rows read per query: a few megabytes of JSON for common exports, whatever the size of the dataset. */
const PAGE_ROWS = 5_000;
/** Before every (row_index, id) position: both are int columns. */
const BEFORE_FIRST_ROW = [-(2 ** 31), -(2 ** 31)];

export interface ReindexResult {
  dataset: Dataset;
  /** Stored rows read. */
  rows: number;
  /** Index entries written: the dataset's distinct (column, IOC type, canonical value). */
  entries: number;
}

interface StoredRow {
  id: number;
  row_index: number;
  data: unknown;
}

/**
 * A stored row's `data` as the import reads rows: column → text. Rows written by huntgraph or from a CSV
 * by ThreatHunt hold only strings; numbers and booleans a script stored are read as their text, and null,
 * nested values and a `data` that is not an object add nothing.
 */
function rowText(data: unknown): Record<string, string> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return {};
  const values = data as Record<string, unknown>;
  let text: Record<string, string> | undefined;
  for (const column of Object.keys(values)) {
    const value = values[column];
    if (typeof value === "string") continue;
    text ??= { ...(values as Record<string, string>) };
    if (typeof value === "number" || typeof value === "boolean") text[column] = String(value);
    else delete text[column];
  }
  return text ?? (values as Record<string, string>);
}

export class ReindexService {
  constructor(
    private readonly db: DataSource,
    private readonly occurrences: OccurrenceIndex,
  ) {}

  /**
   * Replaces the index of one dataset with one built from its rows, all or nothing, with the columns the
   * dataset records (`ioc_columns`, `normalized_columns`) and each row's time as the import reads it.
   * `onProgress` gets the number of rows read so far, after each page.
   */
  async reindex(datasetId: string, onProgress?: (rows: number) => void): Promise<ReindexResult> {
    const result = await this.db.transaction(async (manager) => {
      await withoutStatementTimeout(manager);
      return this.rebuild(manager.queryRunner!, datasetId, onProgress);
    });
    await this.occurrences.vacuumSharedValues();
    return result;
  }

  private async rebuild(runner: QueryRunner, datasetId: string, onProgress?: (rows: number) => void): Promise<ReindexResult> {
    // Locked until commit: a second reindex of the dataset waits for this one instead of colliding with it.
    const dataset = await runner.manager.findOne(Dataset, { where: { id: datasetId }, lock: { mode: "pessimistic_write" } });
    if (!dataset) throw notFound("dataset", datasetId);
    // what the hunt shared before its entries go: the same links written again are no news
    await this.occurrences.beginSharedUpdate(runner, dataset.id);
    await this.occurrences.deleteDataset(runner, dataset.id);
    const normalizedColumns = dataset.normalizedColumns ?? {};
    const index = await this.occurrences.start(runner, { ...dataset, iocColumns: dataset.iocColumns ?? {}, normalizedColumns });
    let rows: number;
    let entries: number;
    try {
      rows = await this.readRows(runner, dataset, index, onProgress);
      entries = await index.writer.finish(index.builder);
    } catch (error) {
      index.writer.abort();
      throw error;
    }
    await this.occurrences.recordSharedValues(runner, dataset.id);
    await runner.manager.delete(ReindexRequired, { datasetId: dataset.id });
    return { dataset, rows, entries };
  }

  /** Feeds every stored row of the dataset to the index builder, page by page; returns how many were read. */
  private async readRows(runner: QueryRunner, dataset: Dataset, index: DatasetIndex, onProgress?: (rows: number) => void) {
    // The profiler's rule for a row's time (the value of the column mapped to `timestamp`), so that first
    // and last seen are the ones the import gave.
    const times = new TimeRangeTracker(dataset.normalizedColumns ?? {});
    let rows = 0;
    let after = BEFORE_FIRST_ROW;
    for (;;) {
      const page: StoredRow[] = await runner.query(ROWS_AFTER, [dataset.id, ...after, PAGE_ROWS]);
      for (const row of page) {
        const data = rowText(row.data);
        index.builder.add(row.row_index, data, times.add(data));
      }
      rows += page.length;
      onProgress?.(rows);
      await index.writer.spillIfFull(index.builder);
      if (page.length < PAGE_ROWS) return rows;
      const last = page[page.length - 1];
      after = [last.row_index, last.id];
    }
  }
}
