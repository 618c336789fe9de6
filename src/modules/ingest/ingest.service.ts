// The one ingestion pipeline behind the CLI, the HTTP upload and the GraphQL mutation: a CSV byte
// stream becomes a dataset (metadata, rows, occurrence index) inside one transaction.
import type { Readable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type { DataSource, QueryRunner } from "typeorm";
import { queryRunnerCopyTarget } from "../../database/copy";
import { reclaimSpace } from "../../database/data-source";
import { withoutStatementTimeout } from "../../database/transactions";
import { serverBusy } from "../../shared/errors";
import { newId } from "../../shared/id";
import { Dataset } from "../dataset/dataset.entity";
import type { HuntService } from "../hunt/hunt.service";
import type { DatasetIndex, OccurrenceIndex } from "../occurrence/occurrence-index";
import { CsvReader } from "./csv/csv-reader";
import { COPY_ROWS } from "./ingest.sql";
import { DatasetProfiler } from "./profile/profiler";
import { CopyRowEncoder } from "./row-encoder";

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

/** Where an import is: reading the file (rows and bytes so far), writing its occurrence index, committing. */
export interface ImportProgress {
  phase: "reading" | "indexing" | "committing";
  rows: number;
  bytes: number;
  /** While indexing: the index entries being written (those held in memory, when some were spilled to disk). */
  entries?: number;
}

export interface ImportResult {
  dataset: Dataset;
  /** Rows shorter than the header, padded with empty cells. */
  paddedRows: number;
  /** Rows longer than the header, whose extra cells were kept under generated column names. */
  extendedRows: number;
}

/** How an import ended, for metrics: rows and bytes stored (none when it failed), and its time. */
export interface ImportOutcome {
  ok: boolean;
  rows: number;
  bytes: number;
  seconds: number;
}

const PROGRESS_EVERY_ROWS = 10_000;

/** Imports run at once by default: each takes a database connection and a core for minutes. */
export const DEFAULT_MAX_IMPORTS = 2;

export class IngestService {
  private running = 0;

  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    private readonly occurrences: OccurrenceIndex,
    /** Set on the embedded database, whose bulk path is COPY from a blob. */
    private readonly pglite?: PGlite,
    /** Beyond this many imports at once, another is refused with SERVER_BUSY. */
    private readonly maxImports = DEFAULT_MAX_IMPORTS,
    /** Told of every import's outcome (the server's metrics). */
    private readonly observe?: (outcome: ImportOutcome) => void,
  ) {}

  /** Whether an import started now would run. */
  hasCapacity(): boolean {
    return this.running < this.maxImports;
  }

  async importCsv(request: ImportRequest): Promise<ImportResult> {
    if (!this.hasCapacity()) throw serverBusy();
    this.running++;
    const started = performance.now();
    try {
      const result = await this.importNow(request);
      // once the import's connection is back (PGlite has one)
      await this.occurrences.vacuumSharedValues();
      const { rowCount: rows, fileSizeBytes: bytes } = result.dataset;
      this.observe?.({ ok: true, rows, bytes, seconds: (performance.now() - started) / 1000 });
      return result;
    } catch (error) {
      this.observe?.({ ok: false, rows: 0, bytes: 0, seconds: (performance.now() - started) / 1000 });
      throw error;
    } finally {
      this.running--;
    }
  }

  private async importNow(request: ImportRequest): Promise<ImportResult> {
    await this.hunts.get(request.huntId);
    const { signal, source } = request;
    signal?.throwIfAborted();
    const onAbort = () => source.destroy(signal?.reason ?? new Error("import cancelled"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await withoutStatementTimeout(runner);
      const result = await this.load(runner, request);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      // PGlite has no autovacuum: the rows written before the failure would stay as dead space
      if (this.pglite) await reclaimSpace(runner).catch(() => undefined);
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
    await this.storeRows(runner, datasetId, request, reader, profiler);
    const profile = profiler.profile();
    request.onProgress?.({ phase: "committing", rows: profile.rowCount, bytes: profile.fileSizeBytes });
    await this.occurrences.beginSharedUpdate(runner, datasetId);
    await this.occurrences.recordSharedValues(runner, datasetId);
    await runner.manager.update(
      Dataset,
      { id: datasetId },
      {
        rowCount: profile.rowCount,
        fileSizeBytes: profile.fileSizeBytes,
        contentSha256: profile.contentSha256,
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

  /** Streams the rows into dataset_rows and the occurrence index, both with COPY, as the profiler yields them. */
  private async storeRows(runner: QueryRunner, datasetId: string, request: ImportRequest, reader: CsvReader, profiler: DatasetProfiler) {
    const rows = (await queryRunnerCopyTarget(runner, this.pglite)).writer(COPY_ROWS);
    let encoder: CopyRowEncoder | undefined;
    let index: DatasetIndex | undefined;
    let nextProgress = 0;
    let rowsSoFar = 0;
    try {
      for await (const batch of profiler.batches()) {
        encoder ??= new CopyRowEncoder(datasetId, profiler.columnsSoFar, profiler.normalizedColumnsSoFar);
        index ??= await this.occurrences.start(
          runner,
          {
            id: datasetId,
            huntId: request.huntId,
            iocColumns: profiler.iocColumnsSoFar,
            normalizedColumns: profiler.normalizedColumnsSoFar,
          },
          profiler.columnsSoFar,
        );
        const { firstRowIndex, rows: cells, times } = batch;
        for (let k = 0; k < cells.length; k++) {
          const sent = rows.write(encoder.line(firstRowIndex + k, cells[k]));
          index.builder.addRow(firstRowIndex + k, cells[k], times[k]);
          if (sent) await sent;
        }
        await index.writer.spillIfFull(index.builder);
        rowsSoFar = firstRowIndex + cells.length;
        if (request.onProgress && rowsSoFar > nextProgress) {
          request.onProgress({ phase: "reading", rows: rowsSoFar, bytes: reader.bytesRead });
          nextProgress = (Math.floor(rowsSoFar / PROGRESS_EVERY_ROWS) + 1) * PROGRESS_EVERY_ROWS;
        }
      }
      await rows.flush();
      request.onProgress?.({ phase: "indexing", rows: rowsSoFar, bytes: reader.bytesRead, entries: index?.builder.size ?? 0 });
      if (index) await index.writer.finish(index.builder);
    } catch (error) {
      rows.abort();
      index?.writer.abort();
      throw error;
    }
  }
}
