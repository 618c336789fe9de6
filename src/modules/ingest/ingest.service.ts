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
import { COPY_OCCURRENCES, COPY_ROWS, LOCK_SHARED_VALUES, RECORD_SHARED_VALUES } from "./ingest.sql";
import { indexedColumns, type OccurrenceEntry, OccurrenceIndexBuilder, OccurrenceSpill } from "./occurrence-index";
import { DatasetProfiler } from "./profile";
import { CopyOccurrenceEncoder, CopyRowEncoder, type CopyTarget, type CopyWriter, pgliteCopyTarget, postgresCopyTarget } from "./row-writer";

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

/**
 * Memory the occurrence index may take before its entries are spilled to disk (estimated, see
 * OccurrenceIndexBuilder.estimatedBytes; about 90 bytes per IP address, so some 500,000 addresses on
 * PostgreSQL). The garbage an import leaves between full collections takes as much again; PGlite's own
 * memory leaves less room beside it. Measured peak RSS of a PostgreSQL import: about 340 MB at 1 and at 2
 * million rows.
 */
export const OCCURRENCE_BUDGET_BYTES = { postgres: 48 << 20, pglite: 32 << 20 };
const PROGRESS_EVERY_ROWS = 10_000;

export interface IngestOptions {
  /** Memory the occurrence index may take before it is spilled to disk (default: OCCURRENCE_BUDGET_BYTES). */
  occurrenceBudgetBytes?: number;
  /** Where the spill files of an index go, in a temporary directory removed after the import (default: the OS's). */
  spillDirectory?: string;
}

export class IngestService {
  private readonly occurrenceBudgetBytes: number;
  private readonly spillDirectory: string | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    /** Set on the embedded database, whose bulk path is COPY from a blob. */
    private readonly pglite?: PGlite,
    options: IngestOptions = {},
  ) {
    this.occurrenceBudgetBytes = options.occurrenceBudgetBytes ?? (pglite ? OCCURRENCE_BUDGET_BYTES.pglite : OCCURRENCE_BUDGET_BYTES.postgres);
    this.spillDirectory = options.spillDirectory;
  }

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
    const target = this.copyTarget(runner);
    const rows = target.writer(COPY_ROWS);
    const index = new IndexLoader(target, datasetId, request.huntId, this.occurrenceBudgetBytes, new OccurrenceSpill(this.spillDirectory));
    let encoder: CopyRowEncoder | undefined;
    let builder: OccurrenceIndexBuilder | undefined;
    let chunk = "";
    let nextProgress = 0;
    try {
      for await (const batch of profiler.batches()) {
        encoder ??= new CopyRowEncoder(datasetId, profiler.columnsSoFar, profiler.normalizedColumnsSoFar);
        builder ??= new OccurrenceIndexBuilder(indexedColumns(profiler.iocColumnsSoFar, profiler.normalizedColumnsSoFar), profiler.columnsSoFar);
        const { firstRowIndex, rows: cells, times } = batch;
        for (let k = 0; k < cells.length; k++) {
          chunk += encoder.line(firstRowIndex + k, cells[k]);
          builder.addRow(firstRowIndex + k, cells[k], times[k]);
        }
        if (chunk.length >= target.chunkChars) {
          await rows.write(chunk);
          chunk = "";
        }
        if (builder.estimatedBytes >= index.budgetBytes) await index.spillFrom(builder);
        const rowsSoFar = firstRowIndex + cells.length;
        if (request.onProgress && rowsSoFar > nextProgress) {
          request.onProgress({ rows: rowsSoFar, bytes: reader.bytesRead });
          nextProgress = (Math.floor(rowsSoFar / PROGRESS_EVERY_ROWS) + 1) * PROGRESS_EVERY_ROWS;
        }
      }
      if (chunk) await rows.write(chunk);
      chunk = "";
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

  private copyTarget(runner: QueryRunner): CopyTarget {
    if (this.pglite) return pgliteCopyTarget(this.pglite);
    // The query runner's own pg client: the COPY runs inside the import's transaction.
    return postgresCopyTarget((runner as unknown as { databaseConnection: PoolClient }).databaseConnection);
  }
}

/**
 * Writes a dataset's occurrence index with one COPY into ioc_occurrences, at the end, every value once and
 * in primary-key order (which the table's indexes take fastest). When the index outgrows its memory
 * budget, the builder's entries are spilled to temporary files, and merged with the rest on the way to the
 * database: the database never merges partial counts.
 */
class IndexLoader {
  private writer: CopyWriter | undefined;

  constructor(
    private readonly target: CopyTarget,
    private readonly datasetId: string,
    private readonly huntId: string,
    readonly budgetBytes: number,
    private readonly spill: OccurrenceSpill,
  ) {}

  /** Moves what the builder holds to disk. */
  async spillFrom(builder: OccurrenceIndexBuilder): Promise<void> {
    await this.spill.spill(builder);
  }

  /** Writes the index: the builder's entries, merged with the spilled ones if any. */
  async finish(builder: OccurrenceIndexBuilder): Promise<void> {
    try {
      const encoder = new CopyOccurrenceEncoder(this.datasetId, this.huntId);
      const writer = (this.writer = this.target.writer(COPY_OCCURRENCES));
      const batches: Iterable<Iterable<OccurrenceEntry>> | AsyncIterable<OccurrenceEntry[]> =
        this.spill.runs === 0 ? [builder.drain()] : this.spill.merge(builder);
      let chunk = "";
      for await (const batch of batches) {
        for (const entry of batch) {
          chunk += encoder.line(entry);
          if (chunk.length >= this.target.chunkChars) {
            await writer.write(chunk);
            chunk = "";
          }
        }
      }
      if (chunk) await writer.write(chunk);
      await writer.flush();
      this.writer = undefined;
    } finally {
      this.spill.dispose();
    }
  }

  abort(): void {
    this.writer?.abort();
    this.writer = undefined;
    this.spill.dispose();
  }
}
