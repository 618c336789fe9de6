// The occurrence index as it was first built, for tests to compare the real builder with: one record
// object per (column, type, canonical value), rows taken one by one, in primary-key order.
import { canonicalIocValue } from "../../src/modules/occurrence/canonical-value";
import type { OccurrenceEntry } from "../../src/modules/occurrence/entry";
import type { IndexedColumn } from "../../src/modules/occurrence/indexed-columns";
import { IocType } from "../../src/shared/ioc-type";

export interface ReferenceRow {
  rowIndex: number;
  /** The row's raw value in a column, if it has one. */
  value(column: string): string | undefined;
  /** Milliseconds since the epoch; NaN for none. */
  time: number;
}

/** `hostColumn`: the column naming each row's host (see observingHostColumn); null for none. */
export function referenceIndex(
  columns: readonly IndexedColumn[],
  rows: Iterable<ReferenceRow>,
  hostColumn: string | null = null,
): OccurrenceEntry[] {
  const records = new Map<string, OccurrenceEntry>();
  for (const row of rows) {
    const host = hostColumn === null ? null : canonicalIocValue(IocType.HOSTNAME, row.value(hostColumn) ?? "");
    for (const [column, type, fromIocColumn] of columns) {
      const raw = row.value(column);
      if (!raw) continue;
      const value = canonicalIocValue(type, raw);
      if (value === null) continue;
      const key = `${column}\u0000${type}\u0000${value}`;
      const record = records.get(key);
      if (!record) {
        const entry = { column, type, fromIocColumn, value, raw: raw.trim(), occurrences: 1, firstRowIndex: row.rowIndex };
        records.set(key, {
          ...entry,
          firstSeen: row.time,
          lastSeen: row.time,
          hosts: hostColumn === null ? null : host === null ? [] : [host],
        });
        continue;
      }
      record.occurrences++;
      if (host !== null && !record.hosts!.includes(host)) record.hosts = [...record.hosts!, host].sort();
      if (Number.isNaN(row.time)) continue;
      if (Number.isNaN(record.firstSeen) || row.time < record.firstSeen) record.firstSeen = row.time;
      if (Number.isNaN(record.lastSeen) || row.time > record.lastSeen) record.lastSeen = row.time;
    }
  }
  const order = (e: OccurrenceEntry) => [e.column, e.type, e.value];
  return [...records.values()].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}
