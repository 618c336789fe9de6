// Rows as an import stores them, built the plain way: objects that JSON.stringify turns into the `data`
// and `normalized_data` that CopyRowEncoder writes directly (its tests compare the two), and a profiler's
// batches read as such rows.
import type { DatasetProfiler } from "../../src/modules/ingest/profile/profiler";

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

/** Names come from uploaded files: "__proto__" must become an own field, not the prototype. */
function setField(object: Record<string, string>, name: string, value: string): void {
  if (name === "__proto__") Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
  else object[name] = value;
}

/** A row (raw column → value) keyed by canonical names instead. */
export function normalizeRow(header: readonly string[], row: readonly string[], mapping: Record<string, string>): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (let i = 0; i < row.length; i++) setField(normalized, mapping[header[i]], row[i]);
  return normalized;
}

/** A row as raw column → value, for the columns the row has. */
export function rowObject(header: readonly string[], row: readonly string[]): Record<string, string> {
  const data: Record<string, string> = {};
  for (let i = 0; i < row.length; i++) setField(data, header[i], row[i]);
  return data;
}

/** The profiler's data rows one by one, as the columns and mapping stand when each batch comes. */
export async function* profiledRows(profiler: DatasetProfiler): AsyncGenerator<DatasetRow> {
  for await (const batch of profiler.batches()) {
    for (let k = 0; k < batch.rows.length; k++) {
      const cells = batch.rows[k];
      const time = batch.times[k];
      yield {
        rowIndex: batch.firstRowIndex + k,
        data: rowObject(profiler.columnsSoFar, cells),
        normalized: normalizeRow(profiler.columnsSoFar, cells, profiler.normalizedColumnsSoFar),
        timestamp: Number.isNaN(time) ? null : new Date(time),
      };
    }
  }
}
