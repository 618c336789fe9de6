// The one ingestion pipeline behind the CLI, the HTTP upload and the GraphQL mutation: a CSV byte
// stream becomes a dataset (metadata, rows, occurrence index) inside one transaction.
import type { Readable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { PoolClient } from "pg";
import type { DataSource, QueryRunner } from "typeorm";
import { newId } from "../../shared/id";
import { Dataset } from "../dataset/dataset.entity";
import type { HuntService } from "../hunt/hunt.service";
import { CsvReader } from "./csv-reader";
import { LOCK_SHARED_VALUES, MERGE_OCCURRENCES, RECORD_SHARED_VALUES } from "./ingest.sql";
import { indexedColumns, OccurrenceIndexBuilder, type OccurrenceRecord } from "./occurrence-index";
import { DatasetProfiler } from "./profile";
import { pgliteRowWriter, postgresRowWriter, type RowWriter } from "./row-writer";

export interface ImportRequest {
  huntId: string;
  /** The file's name: stored as `filename`, and named in every error. */
  filename: string;
  /** Display name (default: the file name). */
  name?: string;
  sourceTool?: string | null;
  uploadedBy?: string | null;
  source: Readable;
  /** Aborting cancels the import; nothing of it is kept. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  rows: number;
  bytes: number;
}

export interface ImportResult {
  dataset: Dataset;
  /** Rows shorter than the header, padded with empty cells. */
  paddedRows: number;
  /** Rows longer than the header, whose extra cells were kept under generated column names. */
  extendedRows: number;
}

/** The occurrence builder is drained into the database whenever it holds this many distinct values. */
const OCCURRENCE_FLUSH_SIZE = 50_000;
/** Records per merge statement. */
const OCCURRENCE_BATCH = 5_000;
const PROGRESS_EVERY_ROWS = 10_000;

export class IngestService {
  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    /** Set on the embedded database, whose bulk path is COPY from a blob. */
    private readonly pglite?: PGlite,
  ) {}

  async importCsv(request: ImportRequest): Promise<ImportResult> {
    await this.hunts.get(request.huntId);
    const { signal, source } = request;
    signal?.throwIfAborted();
    const onAbort = () => source.destroy(signal?.reason ?? new Error("import cancelled"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const result = await this.load(runner, request);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await runner.release();
    }
  }

  private async load(runner: QueryRunner, request: ImportRequest): Promise<ImportResult> {
    const datasetId = newId();
    // The row is inserted first (rows and index refer to it) and completed at the end, in the same transaction.
    await runner.manager.insert(Dataset, {
      id: datasetId,
      huntId: request.huntId,
      name: request.name ?? request.filename,
      filename: request.filename,
      sourceTool: request.sourceTool ?? null,
      uploadedBy: request.uploadedBy ?? null,
      rowCount: 0,
      fileSizeBytes: 0,
    });
    const reader = new CsvReader(request.source, request.filename);
    const profiler = new DatasetProfiler(reader);
    const rows = this.rowWriter(runner);
    let index: OccurrenceIndexBuilder | undefined;
    try {
      for await (const row of profiler.rows()) {
        index ??= new OccurrenceIndexBuilder(indexedColumns(profiler.iocColumnsSoFar, profiler.normalizedColumnsSoFar));
        await rows.write(datasetId, row.rowIndex, row.data, row.normalized);
        index.add(row.rowIndex, row.data, row.timestamp);
        if (index.size >= OCCURRENCE_FLUSH_SIZE) {
          await rows.flush(); // the connection is busy with the COPY until then
          await this.mergeOccurrences(runner, datasetId, request.huntId, index.drain());
        }
        if (request.onProgress && row.rowIndex % PROGRESS_EVERY_ROWS === 0) request.onProgress({ rows: row.rowIndex + 1, bytes: reader.bytesRead });
      }
      await rows.flush();
    } catch (error) {
      rows.abort();
      throw error;
    }
    if (index) await this.mergeOccurrences(runner, datasetId, request.huntId, index.drain());
    await runner.query(LOCK_SHARED_VALUES);
    await runner.query(RECORD_SHARED_VALUES, [datasetId]);
    const profile = profiler.profile();
    request.onProgress?.({ rows: profile.rowCount, bytes: profile.fileSizeBytes });
    await runner.manager.update(Dataset, { id: datasetId }, {
      rowCount: profile.rowCount,
      fileSizeBytes: profile.fileSizeBytes,
      columnSchema: profile.columnSchema,
      normalizedColumns: profile.normalizedColumns,
      iocColumns: profile.iocColumns,
      encoding: profile.encoding,
      delimiter: profile.delimiter,
      timeRangeStart: profile.timeRangeStart,
      timeRangeEnd: profile.timeRangeEnd,
    });
    const dataset = await runner.manager.findOneByOrFail(Dataset, { id: datasetId });
    return { dataset, paddedRows: profile.paddedRows, extendedRows: profile.extendedRows };
  }

  private rowWriter(runner: QueryRunner): RowWriter {
    if (this.pglite) return pgliteRowWriter(this.pglite);
    // The query runner's own pg client: the COPY runs inside the import's transaction.
    return postgresRowWriter((runner as unknown as { databaseConnection: PoolClient }).databaseConnection);
  }

  private async mergeOccurrences(runner: QueryRunner, datasetId: string, huntId: string, records: OccurrenceRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += OCCURRENCE_BATCH) {
      const batch = records.slice(start, start + OCCURRENCE_BATCH);
      await runner.query(MERGE_OCCURRENCES, [
        datasetId,
        huntId,
        batch.map((r) => r.columnName),
        batch.map((r) => r.iocType),
        batch.map((r) => r.value),
        batch.map((r) => r.rawValue),
        batch.map((r) => r.occurrences),
        batch.map((r) => r.firstRowIndex),
        batch.map((r) => r.firstSeen),
        batch.map((r) => r.lastSeen),
      ]);
    }
  }
}
