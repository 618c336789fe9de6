// Helpers for DataLoader batch functions: results in key order, `null` or `[]` for misses.
import { type FindOperator, Raw } from "typeorm";

export function byKey<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string): (T | null)[] {
  const map = new Map(items.map((item) => [keyOf(item), item]));
  return keys.map((key) => map.get(key) ?? null);
}

export function groupByKey<T>(keys: readonly string[], items: T[], keyOf: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) groups.get(key)?.push(item);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * `column = ANY($1)` for a find's where clause: one array parameter whatever the batch size, so a
 * DataLoader batch is always the same prepared statement.
 */
export function anyOf(keys: readonly string[]): FindOperator<string> {
  return Raw((column) => `${column} = ANY(:keys)`, { keys: [...keys] });
}
