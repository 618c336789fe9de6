// Which columns of a dataset the occurrence index covers, and under which IOC type.
import { IocType } from "../../shared/ioc-type";

/** Canonical column names that ThreatHunt's host analysis reads as host names. */
const HOST_COLUMNS = new Set(["hostname", "host", "computer_name", "src_host", "dst_host"]);

/**
 * A column to index under a type. `fromIocColumn` tells an IOC column (read by ThreatHunt's IOC analysis)
 * from a host-name column that is indexed only because its host analysis reads it.
 */
export type IndexedColumn = [column: string, type: IocType, fromIocColumn: boolean];

/**
 * What gets indexed: every IOC column under its type, and every host-name column as a host name
 * (a `src_host` column typed `domain` is indexed under both, only the first as from an IOC column).
 */
export function indexedColumns(iocColumns: Record<string, string>, normalizedColumns: Record<string, string>): IndexedColumn[] {
  const columns = Object.entries(iocColumns).map(([raw, type]): IndexedColumn => [raw, type as IocType, true]);
  for (const [raw, canonical] of Object.entries(normalizedColumns)) {
    if (HOST_COLUMNS.has(canonical) && iocColumns[raw] !== IocType.HOSTNAME) columns.push([raw, IocType.HOSTNAME, false]);
  }
  return columns;
}

/** Canonical names of the column that says which host a row was seen on, in order of preference. */
const OBSERVING_HOST_COLUMNS = ["hostname", "computer_name", "host"];

/**
 * The column that names the host each row was seen on (not src_host or dst_host, the peers of a
 * connection), for host prevalence; null when the dataset has none.
 */
export function observingHostColumn(normalizedColumns: Record<string, string>): string | null {
  for (const canonical of OBSERVING_HOST_COLUMNS) {
    const found = Object.entries(normalizedColumns).find(([, name]) => name === canonical);
    if (found) return found[0];
  }
  return null;
}
