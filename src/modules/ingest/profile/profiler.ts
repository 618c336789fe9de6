// Turns a CSV reader's records into batches of data rows (cells and times) and the dataset's profile:
// column types, canonical names, IOC columns, time range. Only the 100-row type sample is held in memory.
import type { IocType } from "../../../shared/ioc-type";
import type { CsvReader } from "../csv/csv-reader";
import type { Encoding } from "../csv/decode";
import type { Delimiter } from "../csv/sniff";
import { fallbackColumnName, mapColumns } from "./column-names";
import { type ColumnType, inferColumnTypes, TYPE_SAMPLE_ROWS } from "./column-types";
import { detectIocColumns } from "./ioc-columns";
import { TimeRangeTracker } from "./timestamps";

/** What a dataset records about its file, in `datasets` terms. */
export interface DatasetProfile {
  columnSchema: Record<string, ColumnType>;
  normalizedColumns: Record<string, string>;
  iocColumns: Record<string, IocType>;
  timeRangeStart: Date | null;
  timeRangeEnd: Date | null;
  rowCount: number;
  encoding: Encoding;
  delimiter: Delimiter;
  fileSizeBytes: number;
  /** SHA-256 of the file's bytes, hex: tells a file imported again. */
  contentSha256: string;
  paddedRows: number;
  extendedRows: number;
}

/** Data rows as the import consumes them: a chunk of the file at a time. */
export interface RowBatch {
  /** rowIndex of the first row; the others follow in order. */
  firstRowIndex: number;
  /** Each row's cells, in the order of the profiler's columns (a row has at least the header's width). */
  rows: string[][];
  /** Each row's time in the `timestamp` column, in milliseconds since the epoch; NaN when it has none. */
  times: Float64Array;
}

/**
 * Iterate `batches()` to the end, then read `profile()`. Types, names and IOC columns are
 * decided on the first 100 data rows (every row if fewer), over the columns those rows have, before the
 * first row is yielded. An extra column that a longer row adds after them cannot be typed on a sample any
 * more: it is "string", gets its fallback (snake_case) name, and is never an IOC column.
 */
export class DatasetProfiler {
  private columns: string[] = [];
  private columnSchema: Record<string, ColumnType> = {};
  private mapping: Record<string, string> = {};
  private iocColumns: Record<string, IocType> = {};
  /** Set once the sample has been profiled. */
  private timeRange: TimeRangeTracker | undefined;
  /** Position of the timestamp column among the columns, -1 when there is none. */
  private timeIndex = -1;
  private rowCount = 0;

  constructor(private readonly reader: CsvReader) {}

  /** Final from the first yielded row on: extra columns added later are never IOC columns. */
  get iocColumnsSoFar(): Record<string, IocType> {
    return this.iocColumns;
  }

  /** Known from the first yielded row on; an extra column added later adds its entry. */
  get normalizedColumnsSoFar(): Record<string, string> {
    return this.mapping;
  }

  /** Raw column names in cell order, as far as the rows yielded so far reach. */
  get columnsSoFar(): readonly string[] {
    return this.columns;
  }

  /** The data rows in batches; no batch is empty. */
  async *batches(): AsyncGenerator<RowBatch> {
    const sample: string[][] = [];
    let header = true;
    for await (const records of this.reader.batches()) {
      let start = 0;
      if (header) {
        header = false; // the reader's `header` is the one to use, it grows with extra columns
        start = 1;
      }
      if (!this.timeRange) {
        while (start < records.length && sample.length < TYPE_SAMPLE_ROWS) sample.push(records[start++]);
        if (sample.length < TYPE_SAMPLE_ROWS) continue;
        this.profileSample(sample);
        yield this.batch(sample);
      }
      if (start < records.length) yield this.batch(start === 0 ? records : records.slice(start));
    }
    if (!this.timeRange && sample.length > 0) {
      this.profileSample(sample);
      yield this.batch(sample);
    }
  }

  profile(): DatasetProfile {
    if (!this.timeRange) throw new Error("DatasetProfiler.profile() called before batches() was read to the end");
    return {
      columnSchema: this.columnSchema,
      normalizedColumns: this.mapping,
      iocColumns: this.iocColumns,
      timeRangeStart: this.timeRange.start,
      timeRangeEnd: this.timeRange.end,
      rowCount: this.rowCount,
      encoding: this.reader.encoding!,
      delimiter: this.reader.delimiter!,
      fileSizeBytes: this.reader.bytesRead,
      contentSha256: this.reader.contentSha256!,
      paddedRows: this.reader.paddedRows,
      extendedRows: this.reader.extendedRows,
    };
  }

  private profileSample(sample: string[][]): void {
    // The reader reads ahead, so its header may already hold extra columns of rows past the sample.
    const width = Math.max(...sample.map((cells) => cells.length));
    this.columns = this.reader.header.slice(0, width);
    this.columnSchema = inferColumnTypes(this.columns, sample);
    this.mapping = mapColumns(this.columns);
    this.iocColumns = detectIocColumns(this.columns, this.columnSchema, this.mapping);
    this.timeRange = new TimeRangeTracker(this.mapping);
    this.timeIndex = this.timeRange.column === undefined ? -1 : this.columns.indexOf(this.timeRange.column);
  }

  private batch(rows: string[][]): RowBatch {
    let width = 0;
    for (const cells of rows) if (cells.length > width) width = cells.length;
    // Columns only ever grow at the end, so extending them for the widest row first changes no name.
    while (this.columns.length < width) this.addLateColumn(this.reader.header[this.columns.length]);
    const times = new Float64Array(rows.length);
    const timeIndex = this.timeIndex;
    const timeRange = this.timeRange!;
    for (let k = 0; k < rows.length; k++) {
      times[k] = timeIndex >= 0 && timeIndex < rows[k].length ? timeRange.addValue(rows[k][timeIndex]) : NaN;
    }
    const firstRowIndex = this.rowCount;
    this.rowCount += rows.length;
    return { firstRowIndex, rows, times };
  }

  private addLateColumn(raw: string): void {
    const position = this.columns.push(raw);
    this.columnSchema[raw] = "string";
    this.mapping[raw] = fallbackColumnName(raw, position, new Set(Object.values(this.mapping)));
  }
}
