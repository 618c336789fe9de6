// Builds the occurrence index while rows stream in: per (column, canonical value) how often, where
// first, and when. Memory stays bounded: the caller drains the builder whenever it grows past a limit,
// and the database merges the partial counts.
import { IocType } from "../../shared/ioc-type";
import { canonicalIocValue } from "../ioc/ioc-value";

export interface OccurrenceRecord {
  columnName: string;
  iocType: IocType;
  value: string;
  rawValue: string;
  occurrences: number;
  firstRowIndex: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

/** Canonical column names that ThreatHunt's host analysis reads as host names. */
const HOST_COLUMNS = new Set(["hostname", "host", "computer_name", "src_host", "dst_host"]);

export type IndexedColumn = [column: string, type: IocType];

/**
 * What gets indexed: every IOC column under its type, and every host-name column as a host name
 * (a `src_host` column typed `domain` is indexed under both).
 */
export function indexedColumns(iocColumns: Record<string, string>, normalizedColumns: Record<string, string>): IndexedColumn[] {
  const columns = Object.entries(iocColumns) as IndexedColumn[];
  for (const [raw, canonical] of Object.entries(normalizedColumns)) {
    if (HOST_COLUMNS.has(canonical) && iocColumns[raw] !== IocType.HOSTNAME) columns.push([raw, IocType.HOSTNAME]);
  }
  return columns;
}

export class OccurrenceIndexBuilder {
  private readonly records = new Map<string, OccurrenceRecord>();

  constructor(private readonly columns: readonly IndexedColumn[]) {}

  get size(): number {
    return this.records.size;
  }

  add(rowIndex: number, data: Record<string, string>, seenAt: Date | null): void {
    for (const [column, type] of this.columns) {
      const raw = data[column];
      if (!raw) continue;
      const value = canonicalIocValue(type, raw);
      if (value === null) continue;
      const key = `${column}\u0000${type}\u0000${value}`;
      const record = this.records.get(key);
      if (!record) {
        this.records.set(key, {
          columnName: column,
          iocType: type,
          value,
          rawValue: raw.trim(),
          occurrences: 1,
          firstRowIndex: rowIndex,
          firstSeen: seenAt,
          lastSeen: seenAt,
        });
        continue;
      }
      record.occurrences += 1;
      if (seenAt) {
        if (!record.firstSeen || seenAt < record.firstSeen) record.firstSeen = seenAt;
        if (!record.lastSeen || seenAt > record.lastSeen) record.lastSeen = seenAt;
      }
    }
  }

  /** Hands over what was collected so far and starts afresh. */
  drain(): OccurrenceRecord[] {
    const records = [...this.records.values()];
    this.records.clear();
    return records;
  }
}
