// The k-way merges of the occurrence index: sorted runs of values within the builder, and the entries of
// spilled files with the builder's last ones.
import { MinHeap } from "../../shared/heap";
import { compareEntries, mergeEntry, type OccurrenceEntry } from "./entry";

/** The strings of sorted arrays in one sorted sequence (by UTF-16 code units, as Array.prototype.sort). */
export function* mergeSorted(runs: readonly (readonly string[])[]): Generator<string> {
  const live = runs.filter((run) => run.length > 0);
  if (live.length === 1) {
    yield* live[0];
    return;
  }
  const next = new Int32Array(live.length);
  const head = (r: number) => live[r][next[r]];
  const heap = new MinHeap(
    live.map((_, r) => r),
    (a, b) => head(a) < head(b),
  );
  while (heap.size > 0) {
    const r = heap.peek()!;
    yield live[r][next[r]++];
    if (next[r] === live[r].length) heap.pop();
    else heap.topChanged();
  }
}

/** Entries per batch of a merge: small, so that what a merge holds dies young. */
const MERGE_BATCH = 512;

/** Reads a sequence of entry batches one entry at a time, awaiting only when a batch is used up. */
export class Cursor {
  entry: OccurrenceEntry | undefined;
  private batch: OccurrenceEntry[] = [];
  private at = 0;

  constructor(private readonly batches: AsyncIterator<OccurrenceEntry[]> | Iterator<OccurrenceEntry[]>) {}

  /** Moves to the next entry: false (or a promise of false) at the end. */
  next(): boolean | Promise<boolean> {
    if (this.at < this.batch.length) {
      this.entry = this.batch[this.at++];
      return true;
    }
    return this.refill();
  }

  private async refill(): Promise<boolean> {
    for (;;) {
      const result = await this.batches.next();
      if (result.done) {
        this.entry = undefined;
        return false;
      }
      if (result.value.length > 0) {
        this.batch = result.value;
        this.entry = this.batch[0];
        this.at = 1;
        return true;
      }
    }
  }
}

/**
 * The entries of cursors, each sorted in drain() order, merged into one sequence in that order, in
 * batches, with the entries of one (column, type, value) added up into one.
 */
export async function* mergeEntries(cursors: readonly Cursor[]): AsyncGenerator<OccurrenceEntry[]> {
  const started: Cursor[] = [];
  for (const cursor of cursors) if (await cursor.next()) started.push(cursor);
  const heap = new MinHeap(started, (a, b) => compareEntries(a.entry!, b.entry!) < 0);
  // Moves the cursor at the top of the heap on, and the heap back in order.
  const advanceTop = async () => {
    let more = heap.peek()!.next();
    if (more !== true && more !== false) more = await more;
    if (more) heap.topChanged();
    else heap.pop();
  };
  let batch: OccurrenceEntry[] = [];
  while (heap.size > 0) {
    const total = { ...heap.peek()!.entry! };
    await advanceTop();
    while (heap.size > 0 && compareEntries(heap.peek()!.entry!, total) === 0) {
      mergeEntry(total, heap.peek()!.entry!);
      await advanceTop();
    }
    batch.push(total);
    if (batch.length >= MERGE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Entries in batches of MERGE_BATCH. */
export function* batched(entries: Iterable<OccurrenceEntry>): Generator<OccurrenceEntry[]> {
  let batch: OccurrenceEntry[] = [];
  for (const entry of entries) {
    batch.push(entry);
    if (batch.length >= MERGE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
