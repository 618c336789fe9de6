// ThreatHunt's column rules (reference §2.2-2.5): value types, canonical column names, IOC columns,
// timestamps and the dataset's time range.
import { IocType } from "../../../shared/ioc-type";

export type ColumnType = "ip" | "hash_md5" | "hash_sha1" | "hash_sha256" | "integer" | "float" | "timestamp" | "domain" | "path" | "string";

/** Column types are inferred from this many leading data rows. */
export const TYPE_SAMPLE_ROWS = 100;

/**
 * Checked in this order: a value takes the first type it matches (32 decimal digits are an MD5). A float
 * needs a decimal point; a path starts with exactly `C:\` or `/`, as the reference says.
 */
const VALUE_TYPES: [ColumnType, (value: string) => boolean][] = [
  ["ip", isIpv4],
  ["hash_md5", (value) => /^[0-9a-f]{32}$/i.test(value)],
  ["hash_sha1", (value) => /^[0-9a-f]{40}$/i.test(value)],
  ["hash_sha256", (value) => /^[0-9a-f]{64}$/i.test(value)],
  ["integer", (value) => /^[+-]?\d+$/.test(value)],
  ["float", (value) => /^[+-]?(?:\d+\.\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(value)],
  ["timestamp", (value) => /^\d{4}(?:-\d{2}-\d{2}|\/\d{2}\/\d{2})[T ]\d{2}:\d{2}/.test(value)],
  ["domain", (value) => /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i.test(value)],
  ["path", (value) => value.startsWith("C:\\") || value.startsWith("/")],
];

const TYPE_ORDER: ColumnType[] = [...VALUE_TYPES.map(([type]) => type), "string"];

/** A dotted quad of decimal octets 0-255 (leading zeros allowed, as some firewalls pad them). */
export function isIpv4(value: string): boolean {
  const octets = value.split(".");
  return octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** The type of one non-empty value (surrounding spaces ignored). */
export function valueType(value: string): ColumnType {
  const text = value.trim();
  return VALUE_TYPES.find(([, matches]) => matches(text))?.[0] ?? "string";
}

/**
 * Each column's type is the one most of its non-empty values in the first 100 rows have. Empty (or
 * blank) cells do not vote; a column with no non-empty value is "string". A tie goes to the type listed
 * first in VALUE_TYPES (ip, hash_md5, hash_sha1, hash_sha256, integer, float, timestamp, domain, path),
 * "string" last.
 */
export function inferColumnTypes(header: readonly string[], rows: readonly (readonly string[])[]): Record<string, ColumnType> {
  const sample = rows.slice(0, TYPE_SAMPLE_ROWS);
  return Object.fromEntries(
    header.map((column, i) => {
      const votes = new Map<ColumnType, number>();
      for (const row of sample) {
        const value = row[i]?.trim();
        if (!value) continue;
        const type = valueType(value);
        votes.set(type, (votes.get(type) ?? 0) + 1);
      }
      let winner: ColumnType = "string";
      let most = 0;
      for (const type of TYPE_ORDER) {
        const count = votes.get(type) ?? 0;
        if (count > most) [winner, most] = [type, count];
      }
      return [column, winner];
    }),
  );
}

/**
 * Canonical name ← accepted raw names, matched against the whole (trimmed) raw name, case-insensitively,
 * in this order. `_?` is an optional underscore; in `laddr.ip`, `raddr.ip`, `laddr.port` and `raddr.port`
 * the dot is optional too.
 */
const COLUMN_RULES: [string, RegExp][] = [
  [
    "timestamp",
    /^(?:timestamp|time|event_?time|date_?time|created?_?(?:at|time|date)|modified_?(?:at|time|date)|mtime|ctime|atime|start_?time|end_?time|eventtime|system\.timecreated)$/i,
  ],
  ["hostname", /^(?:hostname|host|fqdn|computer_?name|system_?name|machinename|clientid)$/i],
  ["os", /^(?:os|operating_?system|os_?version|os_?name|platform|os_?type)$/i],
  ["src_ip", /^(?:source_?ip|src_?ip|srcaddr|local_?address|sourceaddress|sourceip|laddr\.?ip)$/i],
  ["dst_ip", /^(?:dest_?ip|dst_?ip|dstaddr|remote_?address|destinationaddress|destaddress|destination_?ip|destinationip|raddr\.?ip)$/i],
  ["ip_address", /^(?:ip_?address|ipaddress|ip)$/i],
  ["src_port", /^(?:source_?port|src_?port|localport|laddr\.?port)$/i],
  ["dst_port", /^(?:dest_?port|dst_?port|remoteport|destinationport|raddr\.?port)$/i],
  ["process_name", /^(?:process_?name|name|image|exe|executable|binary)$/i],
  ["pid", /^(?:pid|process_?id)$/i],
  ["ppid", /^(?:ppid|parent_?pid|parentprocessid)$/i],
  ["command_line", /^(?:command_?line|cmdline|commandline|cmd)$/i],
  ["parent_command_line", /^(?:parent_?command_?line|parentcommandline)$/i],
  ["username", /^(?:user|username|user_?name|account_?name|subjectusername)$/i],
  ["user_id", /^(?:user_?id|uid|sid|subjectusersid)$/i],
  ["file_path", /^(?:file_?path|fullpath|full_?name|path|filepath)$/i],
  ["file_name", /^(?:file_?name|filename|name)$/i],
  ["file_size", /^(?:file_?size|size|bytes|length)$/i],
  ["file_extension", /^(?:extension|file_?ext)$/i],
  ["hash_md5", /^(?:md5|md5hash|hash_?md5)$/i],
  ["hash_sha1", /^(?:sha1|sha1hash|hash_?sha1)$/i],
  ["hash_sha256", /^(?:sha256|sha256hash|hash_?sha256|hash|filehash)$/i],
  ["protocol", /^(?:protocol|proto)$/i],
  ["domain", /^(?:domain|dns_?name|query_?name|queriedname)$/i],
  ["url", /^(?:url|uri|request_?url)$/i],
  ["mac_address", /^(?:mac|mac_?address|physical_?address|mac_?addr|hw_?addr|ethernet)$/i],
  ["connection_state", /^(?:state|status|tcp_?state|conn_?state)$/i],
  ["event_id", /^(?:event_?id|eventid|eid)$/i],
  ["event_type", /^(?:event_?type|eventtype|category|action)$/i],
  ["description", /^(?:description|message|msg|detail)$/i],
  ["severity", /^(?:severity|level|priority)$/i],
  ["registry_key", /^(?:reg_?key|registry_?key|targetobject)$/i],
  ["registry_value", /^(?:reg_?value|registry_?value)$/i],
];

/** The canonical name of the first rule that accepts the raw column name, or null. */
export function canonicalColumnName(raw: string): string | null {
  const name = raw.trim();
  return COLUMN_RULES.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

/** Lower-cased, runs of characters other than (Unicode) letters and digits turned into `_`, trimmed of `_`. */
export function snakeCase(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * The name of a column no rule gives a (free) canonical name: its snake_case, or `column_<position>`
 * (1-based) when that is empty, with `_2`, `_3`, ... appended while the name is taken.
 */
export function fallbackColumnName(raw: string, position: number, taken: ReadonlySet<string>): string {
  const base = snakeCase(raw) || `column_${position}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/**
 * Raw column → canonical name, every canonical name used once. First every column a rule accepts gets
 * that rule's name unless an earlier column already has it; then each remaining column gets its fallback
 * name, unique against all names given so far. So a fallback never takes a name a rule gives, and two
 * columns with the same snake_case ("Src Port", "src-port") still get different names. Raw names are unique
 * (the CSV reader makes them so).
 */
export function mapColumns(header: readonly string[]): Record<string, string> {
  const taken = new Set<string>();
  const ruleNames = header.map((raw) => {
    const canonical = canonicalColumnName(raw);
    if (canonical === null || taken.has(canonical)) return null;
    taken.add(canonical);
    return canonical;
  });
  return Object.fromEntries(
    header.map((raw, i) => {
      let name = ruleNames[i];
      if (name === null) {
        name = fallbackColumnName(raw, i + 1, taken);
        taken.add(name);
      }
      return [raw, name];
    }),
  );
}

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

const TIME = String.raw`(\d{1,2}):(\d{1,2}):(\d{1,2})`;
const SLASHED_DATE_TIME = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}) ${TIME}$`);

/**
 * strptime formats, tried in order: %Y-%m-%dT%H:%M:%S(.%f)(Z), %Y-%m-%d %H:%M:%S(.%f), %Y/%m/%d %H:%M:%S,
 * %m/%d/%Y %H:%M:%S, %d/%m/%Y %H:%M:%S. `year`, `month`, `day` are the positions of those groups; the
 * time follows them. As with strptime, month, day and time fields take one or two digits, %f one to six.
 */
const TIMESTAMP_FORMATS: { pattern: RegExp; year: number; month: number; day: number }[] = [
  { pattern: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})T${TIME}(?:\.(\d{1,6}))?Z?$`), year: 1, month: 2, day: 3 },
  { pattern: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2}) ${TIME}(?:\.(\d{1,6}))?$`), year: 1, month: 2, day: 3 },
  { pattern: new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2}) ${TIME}$`), year: 1, month: 2, day: 3 },
  { pattern: SLASHED_DATE_TIME, year: 3, month: 1, day: 2 },
  { pattern: SLASHED_DATE_TIME, year: 3, month: 2, day: 1 },
];

/**
 * A timestamp in one of ThreatHunt's formats, as UTC (none of them carries a zone other than `Z`); null
 * when no format gives a real date and time (no 30 February, no hour 24, no second 60). The fraction is
 * kept to the millisecond. Surrounding spaces are ignored.
 */
export function parseTimestamp(value: string): Date | null {
  const time = parseTimestampMs(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** parseTimestamp as milliseconds since the epoch, NaN instead of null: what ingestion uses per row. */
export function parseTimestampMs(value: string): number {
  const text = value.trim();
  for (const format of TIMESTAMP_FORMATS) {
    const match = format.pattern.exec(text);
    if (!match) continue;
    const year = Number(match[format.year]);
    const month = Number(match[format.month]);
    const day = Number(match[format.day]);
    const hour = Number(match[4]);
    const minute = Number(match[5]);
    const second = Number(match[6]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) continue;
    if (hour > 23 || minute > 59 || second > 59) continue;
    const fraction = match[7];
    const milliseconds = fraction === undefined ? 0 : Number(fraction.padEnd(3, "0").slice(0, 3));
    const time = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
    if (year >= 100) return time;
    const date = new Date(time);
    date.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
    return date.getTime();
  }
  return NaN;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Earliest and latest timestamp of the dataset's `timestamp` column (the one raw column mapped to it). */
export class TimeRangeTracker {
  readonly column: string | undefined;
  /** Earliest and latest time seen, in milliseconds; NaN while there is none. */
  startMs = NaN;
  endMs = NaN;
  private lastText: string | undefined;
  private lastTime = NaN;

  constructor(mapping: Record<string, string>) {
    this.column = Object.keys(mapping).find((raw) => mapping[raw] === "timestamp");
  }

  get start(): Date | null {
    return Number.isNaN(this.startMs) ? null : new Date(this.startMs);
  }

  get end(): Date | null {
    return Number.isNaN(this.endMs) ? null : new Date(this.endMs);
  }

  /** Takes one row (raw column → value) into the range and returns its timestamp, null when it has none. */
  add(row: Record<string, string>): Date | null {
    if (this.column === undefined || !Object.hasOwn(row, this.column)) return null;
    const time = this.addValue(row[this.column]);
    return Number.isNaN(time) ? null : new Date(time);
  }

  /** Takes one row's value of the column into the range and returns its time in milliseconds, NaN when it has none. */
  addValue(text: string): number {
    // Exports are often sorted or bursty: the same text as the previous row is not parsed again.
    const time = text === this.lastText ? this.lastTime : parseTimestampMs(text);
    this.lastText = text;
    this.lastTime = time;
    if (Number.isNaN(time)) return NaN;
    if (!(time >= this.startMs)) this.startMs = time;
    if (!(time <= this.endMs)) this.endMs = time;
    return time;
  }
}
