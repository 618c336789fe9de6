// One entry of the occurrence index, its order, and how two partial counts of one value add up.
import type { IocType } from "../../shared/ioc-type";

/** One entry of the index of a dataset (or the part of it seen between two drains). */
export interface OccurrenceEntry {
  column: string;
  type: IocType;
  /** Whether the column is an IOC column of the dataset under this type (see IndexedColumn). */
  fromIocColumn: boolean;
  /** Canonical value (see canonicalIocValue). */
  value: string;
  /** The trimmed value as it was written in the entry's first row. */
  raw: string;
  occurrences: number;
  firstRowIndex: number;
  /** Earliest and latest time of the rows holding the value, in milliseconds since the epoch; NaN for none. */
  firstSeen: number;
  lastSeen: number;
  /** The distinct hosts (canonical host names, sorted) of the rows holding the value; null when the dataset names none. */
  hosts: string[] | null;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders entries as drain() hands them over: by column, type, then value (UTF-16 code units). */
export function compareEntries(a: OccurrenceEntry, b: OccurrenceEntry): number {
  return compare(a.column, b.column) || compare(a.type, b.type) || compare(a.value, b.value);
}

/** Adds `entry`, an entry of the same (column, type, value) seen elsewhere in the file, into `total`. */
export function mergeEntry(total: OccurrenceEntry, entry: OccurrenceEntry): void {
  total.occurrences += entry.occurrences;
  if (entry.firstRowIndex < total.firstRowIndex) {
    total.firstRowIndex = entry.firstRowIndex;
    total.raw = entry.raw;
  }
  if (!(entry.firstSeen >= total.firstSeen)) total.firstSeen = Number.isNaN(entry.firstSeen) ? total.firstSeen : entry.firstSeen;
  if (!(entry.lastSeen <= total.lastSeen)) total.lastSeen = Number.isNaN(entry.lastSeen) ? total.lastSeen : entry.lastSeen;
  if (entry.hosts !== null && total.hosts !== null && entry.hosts.length > 0)
    total.hosts = [...new Set([...total.hosts, ...entry.hosts])].sort();
}
