// The one ingestion pipeline behind the CLI, the HTTP upload and the GraphQL mutation: a CSV byte
// stream becomes a dataset (metadata, rows, occurrence index) inside one transaction.
import type { Readable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { DataSource, QueryRunner } from "typeorm";
import { newId } from "../../shared/id";
import { Dataset } from "../dataset/dataset.entity";
import type { HuntService } from "../hunt/hunt.service";
import { CsvReader } from "./csv-reader";
import { IndexLoader, type IndexOptions } from "./index-loader";
import { COPY_ROWS, LOCK_SHARED_VALUES, RECORD_SHARED_VALUES } from "./ingest.sql";
import { indexedColumns, OccurrenceIndexBuilder } from "./occurrence-index";
import { DatasetProfiler } from "./profile";
import { CopyRowEncoder, queryRunnerCopyTarget } from "./row-writer";

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

const PROGRESS_EVERY_ROWS = 10_000;

export class IngestService {
  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    /** Set on the embedded database, whose bulk path is COPY from a blob. */
    private readonly pglite?: PGlite,
    private readonly indexOptions: IndexOptions = {},
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
    const target = queryRunnerCopyTarget(runner, this.pglite);
    const rows = target.writer(COPY_ROWS);
    const index = new IndexLoader(target, datasetId, request.huntId, this.indexOptions, this.pglite !== undefined);
    let encoder: CopyRowEncoder | undefined;
    let builder: OccurrenceIndexBuilder | undefined;
    let nextProgress = 0;
    try {
      for await (const batch of profiler.batches()) {
        encoder ??= new CopyRowEncoder(datasetId, profiler.columnsSoFar, profiler.normalizedColumnsSoFar);
        builder ??= new OccurrenceIndexBuilder(
          indexedColumns(profiler.iocColumnsSoFar, profiler.normalizedColumnsSoFar),
          profiler.columnsSoFar,
        );
        const { firstRowIndex, rows: cells, times } = batch;
        for (let k = 0; k < cells.length; k++) {
          const sent = rows.write(encoder.line(firstRowIndex + k, cells[k]));
          builder.addRow(firstRowIndex + k, cells[k], times[k]);
          if (sent) await sent;
        }
        if (builder.estimatedBytes >= index.budgetBytes) await index.spillFrom(builder);
        const rowsSoFar = firstRowIndex + cells.length;
        if (request.onProgress && rowsSoFar > nextProgress) {
          request.onProgress({ rows: rowsSoFar, bytes: reader.bytesRead });
          nextProgress = (Math.floor(rowsSoFar / PROGRESS_EVERY_ROWS) + 1) * PROGRESS_EVERY_ROWS;
        }
      }
      await rows.flush();
      if (builder) await index.finish(builder);
    } catch (error) {
      rows.abort();
      index.abort();
      throw error;
    }
    await runner.query(LOCK_SHARED_VALUES);
    await runner.query(RECORD_SHARED_VALUES, [datasetId]);
    const profile = profiler.profile();
    request.onProgress?.({ rows: profile.rowCount, bytes: profile.fileSizeBytes });
    await runner.manager.update(
      Dataset,
      { id: datasetId },
      {
        rowCount: profile.rowCount,
        fileSizeBytes: profile.fileSizeBytes,
        columnSchema: profile.columnSchema,
        normalizedColumns: profile.normalizedColumns,
        iocColumns: profile.iocColumns,
        encoding: profile.encoding,
        delimiter: profile.delimiter,
        timeRangeStart: profile.timeRangeStart,
        timeRangeEnd: profile.timeRangeEnd,
      },
    );
    const dataset = await runner.manager.findOneByOrFail(Dataset, { id: datasetId });
    return { dataset, paddedRows: profile.paddedRows, extendedRows: profile.extendedRows };
  }
}
