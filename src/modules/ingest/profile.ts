// Turns a CSV reader's records into dataset rows (raw and normalized) and the dataset's profile: column
// types, canonical names, IOC columns, time range. Only the 100-row type sample is held in memory.
import type { IocType } from "../../shared/ioc-type";
import type { CsvReader } from "./csv-reader";
import type { Encoding } from "./decode";
import {
  TYPE_SAMPLE_ROWS,
  TimeRangeTracker,
  detectIocColumns,
  fallbackColumnName,
  inferColumnTypes,
  mapColumns,
  normalizeRow,
  rowObject,
  type ColumnType,
} from "./normalize";
import type { Delimiter } from "./sniff";

export interface DatasetRow {
  /** 0-based position among the data rows. */
  rowIndex: number;
  /** Raw column → value, in header order; extra columns only when this row has them. */
  data: Record<string, string>;
  /** The same values keyed by canonical names. */
  normalized: Record<string, string>;
  /** The row's value in the `timestamp` column, parsed; null when there is none or it does not parse. */
  timestamp: Date | null;
}

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
  paddedRows: number;
  extendedRows: number;
}

/**
 * Iterate `rows()` to the end, then read `profile()`. Types, names and IOC columns are decided on the first
 * 100 data rows (every row if fewer), over the columns those rows have, before the first row is yielded.
 * An extra column that a longer row adds after them cannot be typed on a sample any more: it is "string",
 * gets its fallback (snake_case) name, and is never an IOC column.
 */
export class DatasetProfiler {
  private columns: string[] = [];
  private columnSchema: Record<string, ColumnType> = {};
  private mapping: Record<string, string> = {};
  private iocColumns: Record<string, IocType> = {};
  /** Set once the sample has been profiled. */
  private timeRange: TimeRangeTracker | undefined;
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

  async *rows(): AsyncGenerator<DatasetRow> {
    const sample: string[][] = [];
    let header = true;
    for await (const cells of this.reader) {
      if (header) {
        header = false; // the reader's `header` is the one to use, it grows with extra columns
      } else if (this.timeRange) {
        yield this.toRow(cells, this.timeRange);
      } else {
        sample.push(cells);
        if (sample.length === TYPE_SAMPLE_ROWS) yield* this.profileSample(sample);
      }
    }
    if (!this.timeRange) yield* this.profileSample(sample);
  }

  profile(): DatasetProfile {
    if (!this.timeRange) throw new Error("DatasetProfiler.profile() called before rows() was read to the end");
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
      paddedRows: this.reader.paddedRows,
      extendedRows: this.reader.extendedRows,
    };
  }

  private *profileSample(sample: string[][]): Generator<DatasetRow> {
    // The reader reads ahead, so its header may already hold extra columns of rows past the sample.
    const width = Math.max(...sample.map((cells) => cells.length));
    this.columns = this.reader.header.slice(0, width);
    this.columnSchema = inferColumnTypes(this.columns, sample);
    this.mapping = mapColumns(this.columns);
    this.iocColumns = detectIocColumns(this.columns, this.columnSchema, this.mapping);
    const timeRange = (this.timeRange = new TimeRangeTracker(this.mapping));
    for (const cells of sample.splice(0)) yield this.toRow(cells, timeRange);
  }

  private toRow(cells: string[], timeRange: TimeRangeTracker): DatasetRow {
    while (this.columns.length < cells.length) this.addLateColumn(this.reader.header[this.columns.length]);
    const data = rowObject(this.columns, cells);
    return {
      rowIndex: this.rowCount++,
      data,
      normalized: normalizeRow(this.columns, cells, this.mapping),
      timestamp: timeRange.add(data),
    };
  }

  private addLateColumn(raw: string): void {
    const position = this.columns.push(raw);
    this.columnSchema[raw] = "string";
    this.mapping[raw] = fallbackColumnName(raw, position, new Set(Object.values(this.mapping)));
  }
}
