// Correlation's results, cached under the data version (migration 1764400000007): a result is reused
// only while no change to what it read has committed, in this process or any other sharing the database,
// so a cached answer is never older than the last committed import, disposition or delete. Identical
// requests at once share one computation. Entries also expire after MAX_AGE_MS, because one input changes
// without a write: an enrichment verdict that expires.
import { LRUCache } from "lru-cache";
import type { DataSource } from "typeorm";
import type { Correlation } from "./correlation";

const MAX_ENTRIES = 2000;
const MAX_AGE_MS = 60_000;

export class ResultCache {
  private readonly entries = new LRUCache<string, Promise<unknown>>({ max: MAX_ENTRIES, ttl: MAX_AGE_MS });

  constructor(private readonly db: Pick<DataSource, "query">) {}

  /** The result of `compute` for `key` over the correlation's hunts at the current data version (read once per request). */
  async get<T>(correlation: Correlation, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await correlation.once("data version", () => this.dataVersion());
    const full = `${version}\u0000${correlation.huntIds.join(",")}\u0000${key}`;
    let result = this.entries.get(full) as Promise<T> | undefined;
    if (!result) {
      result = compute();
      this.entries.set(full, result);
      // a failure is not remembered
      result.catch(() => this.entries.delete(full));
    }
    return result;
  }

  private async dataVersion(): Promise<string> {
    const [{ version }] = await this.db.query(`SELECT version FROM huntgraph_data_version`);
    return String(version);
  }
}
