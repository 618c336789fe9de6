// Correlation's results, cached under the data version (migration 1764400000007): a result is reused
// only while no change to what it read has committed, in this process or any other sharing the database,
// so a cached answer is never older than the last committed import, disposition or delete. Identical
// requests at once share one computation, which is cancelled only when every one of them has gone away.
// Entries also expire after MAX_AGE_MS, because one input changes without a write: an enrichment verdict
// that expires.
import { LRUCache } from "lru-cache";
import type { DataSource } from "typeorm";
import type { Correlation } from "./correlation";

const MAX_ENTRIES = 2000;
const MAX_AGE_MS = 60_000;

interface Entry {
  result: Promise<unknown>;
  settled: boolean;
  /** Requests waiting for it that could still go away. */
  waiters: number;
  /** Whether a request that cannot go away (no signal) waits for it. */
  kept: boolean;
  stop: AbortController;
}

export class ResultCache {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES, ttl: MAX_AGE_MS });

  constructor(private readonly db: Pick<DataSource, "query">) {}

  /** The result of `compute` for `key` over the correlation's hunts at the current data version (read once per request). */
  async get<T>(correlation: Correlation, key: string, compute: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const version = await correlation.once("data version", () => this.dataVersion());
    const full = `${version}\u0000${correlation.scopeKey}\u0000${key}`;
    let entry = this.entries.get(full);
    if (!entry) {
      const stop = new AbortController();
      const created: Entry = { result: compute(stop.signal), settled: false, waiters: 0, kept: false, stop };
      created.result.then(
        () => (created.settled = true),
        () => {
          // a failure is not remembered
          created.settled = true;
          if (this.entries.get(full) === created) this.entries.delete(full);
        },
      );
      this.entries.set(full, (entry = created));
    }
    this.wait(entry, full, correlation.signal);
    return entry.result as Promise<T>;
  }

  /** Counts a request waiting for `entry`; the last one to go away cancels the computation. */
  private wait(entry: Entry, full: string, signal: AbortSignal | undefined): void {
    if (!signal) {
      entry.kept = true;
      return;
    }
    entry.waiters++;
    signal.addEventListener(
      "abort",
      () => {
        if (--entry.waiters > 0 || entry.kept || entry.settled) return;
        entry.stop.abort(signal.reason);
        if (this.entries.get(full) === entry) this.entries.delete(full);
      },
      { once: true },
    );
  }

  private async dataVersion(): Promise<string> {
    const [{ version }] = await this.db.query(`SELECT version FROM huntgraph_data_version`);
    return String(version);
  }
}
