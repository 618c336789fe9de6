// ThreatHunt's value types (reference §2.2): the type of a value, and of a column by its sample.

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
function isIpv4(value: string): boolean {
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
