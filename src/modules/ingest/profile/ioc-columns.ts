// ThreatHunt's IOC columns (reference §2.4): which columns hold indicators, and of which type.
import { IocType } from "../../../shared/ioc-type";
import type { ColumnType } from "./column-types";

/** Canonical names of columns that are never IOC columns, whatever they hold. */
const NEVER_IOC = new Set([
  "process_name",
  "file_name",
  "file_path",
  "command_line",
  "parent_command_line",
  "description",
  "event_type",
  "registry_key",
  "registry_value",
  "severity",
  "os",
  "title",
  "netmask",
  "gateway",
  "connection_state",
]);

const IOC_BY_NAME = new Map<string, IocType>([
  ["src_ip", IocType.IP],
  ["dst_ip", IocType.IP],
  ["ip_address", IocType.IP],
  ["hash_md5", IocType.HASH_MD5],
  ["hash_sha1", IocType.HASH_SHA1],
  ["hash_sha256", IocType.HASH_SHA256],
  ["domain", IocType.DOMAIN],
  ["url", IocType.URL],
  ["hostname", IocType.HOSTNAME],
]);

const IOC_BY_TYPE = new Map<ColumnType, IocType>([
  ["ip", IocType.IP],
  ["hash_md5", IocType.HASH_MD5],
  ["hash_sha1", IocType.HASH_SHA1],
  ["hash_sha256", IocType.HASH_SHA256],
  ["domain", IocType.DOMAIN],
]);

/**
 * Raw column → IOC type, for IOC columns only. Excluded canonical names never are; otherwise the
 * canonical name decides, and failing that the inferred type.
 */
export function detectIocColumns(
  header: readonly string[],
  columnTypes: Record<string, ColumnType>,
  mapping: Record<string, string>,
): Record<string, IocType> {
  const iocColumns: [string, IocType][] = [];
  for (const raw of header) {
    const canonical = mapping[raw];
    if (NEVER_IOC.has(canonical)) continue;
    const type = IOC_BY_NAME.get(canonical) ?? IOC_BY_TYPE.get(columnTypes[raw]);
    if (type) iocColumns.push([raw, type]);
  }
  return Object.fromEntries(iocColumns);
}
