// Builds the occurrence index while rows stream in: per (column, canonical value) how often, where
// first, and when. Memory stays bounded: past a budget the caller spills the builder's entries to disk
// (OccurrenceSpill), and the parts are merged on their way into the database.
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IocType } from "../../shared/ioc-type";
import { canonicalIocValue } from "../ioc/ioc-value";

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
}

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

/**
 * Estimated heap bytes per entry besides its value's characters: map slot, key string header, counters,
 * times, raw-value and run slots (measured: about 86 bytes for 13-character IPs). Characters are counted
 * one byte each, as V8 stores Latin-1 text.
 */
const ENTRY_OVERHEAD_BYTES = 80;
/** Estimated heap bytes of a raw value kept beside the canonical one, besides its characters. */
const STRING_OVERHEAD_BYTES = 40;
const INITIAL_CAPACITY = 1024;
/**
 * New values are sorted in runs of this many while rows stream in (when the database, not this process,
 * is the bottleneck), so that draining only merges sorted runs instead of sorting everything at the end.
 */
const SORTED_RUN_LENGTH = 1 << 16;

/**
 * A copy of a string that shares no memory with it. Cells are slices of the parser's chunk of text, and an
 * index key kept as such a slice would keep the whole chunk alive.
 */
function detached(value: string): string {
  return (" " + value).slice(1);
}

/**
 * Collects entries per indexed column in a Map (canonical value → slot) and counters in typed arrays, so
 * that an entry costs about 80 bytes plus its value: the caller spills it by `estimatedBytes`.
 */
export class OccurrenceIndexBuilder {
  private readonly types: IocType[];
  /** Position of each indexed column among the cells of a row; -1 when the header does not have it. */
  private readonly positions: Int32Array;
  private maps: Map<string, number>[];
  private count = 0;
  private bytes = 0;
  private occurrences = new Int32Array(INITIAL_CAPACITY);
  private firstRow = new Int32Array(INITIAL_CAPACITY);
  private firstSeen = new Float64Array(INITIAL_CAPACITY);
  private lastSeen = new Float64Array(INITIAL_CAPACITY);
  /** The trimmed raw value when it differs from the canonical one. */
  private raws: (string | undefined)[] = [];
  /** Per column: sorted runs of its values, and the values added since the last run. */
  private runs: string[][][];
  private fresh: string[][];

  constructor(
    private readonly columns: readonly IndexedColumn[],
    /** Raw column names in cell order; by default rows are only added as objects (`add`). */
    header: readonly string[] = [],
  ) {
    this.types = columns.map(([, type]) => type);
    this.positions = Int32Array.from(columns, ([column]) => header.indexOf(column));
    this.maps = columns.map(() => new Map());
    this.runs = columns.map(() => []);
    this.fresh = columns.map(() => []);
  }

  /** Distinct entries collected since the last drain. */
  get size(): number {
    return this.count;
  }

  /** Rough heap bytes the collected entries take. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  /** Takes a row given as cells in header order; `time` is its timestamp in milliseconds, NaN for none. */
  addRow(rowIndex: number, cells: readonly string[], time: number): void {
    const positions = this.positions;
    for (let k = 0; k < positions.length; k++) {
      const position = positions[k];
      if (position < 0 || position >= cells.length) continue;
      const raw = cells[position];
      if (raw) this.addValue(k, raw, rowIndex, time);
    }
  }

  /** Takes a row given as raw column → value (a stored `data` object); `seenAt` is its timestamp. */
  add(rowIndex: number, data: Record<string, string>, seenAt: Date | null): void {
    const time = seenAt === null ? NaN : seenAt.getTime();
    for (let k = 0; k < this.columns.length; k++) {
      const column = this.columns[k][0];
      const raw = Object.hasOwn(data, column) ? data[column] : undefined;
      if (raw) this.addValue(k, raw, rowIndex, time);
    }
  }

  private addValue(k: number, raw: string, rowIndex: number, time: number): void {
    const value = canonicalIocValue(this.types[k], raw);
    if (value === null) return;
    const map = this.maps[k];
    const slot = map.get(value);
    if (slot !== undefined) {
      this.occurrences[slot]++;
      if (time === time) {
        if (!(time >= this.firstSeen[slot])) this.firstSeen[slot] = time;
        if (!(time <= this.lastSeen[slot])) this.lastSeen[slot] = time;
      }
      return;
    }
    const index = this.count++;
    if (index === this.occurrences.length) this.grow();
    const key = detached(value);
    map.set(key, index);
    const fresh = this.fresh[k];
    fresh.push(key);
    if (fresh.length >= SORTED_RUN_LENGTH) {
      this.runs[k].push(fresh.sort());
      this.fresh[k] = [];
    }
    this.occurrences[index] = 1;
    this.firstRow[index] = rowIndex;
    this.firstSeen[index] = time;
    this.lastSeen[index] = time;
    const trimmed = raw.trim();
    this.bytes += ENTRY_OVERHEAD_BYTES + value.length;
    if (trimmed !== value) {
      this.raws[index] = detached(trimmed);
      this.bytes += STRING_OVERHEAD_BYTES + trimmed.length;
    } else {
      this.raws[index] = undefined;
    }
  }

  private grow(): void {
    const capacity = this.occurrences.length * 2;
    const grown = <T extends Int32Array | Float64Array>(array: T): T => {
      const bigger = new (array.constructor as new (length: number) => T)(capacity);
      bigger.set(array);
      return bigger;
    };
    this.occurrences = grown(this.occurrences);
    this.firstRow = grown(this.firstRow);
    this.firstSeen = grown(this.firstSeen);
    this.lastSeen = grown(this.lastSeen);
  }

  /**
   * Hands over what was collected so far, entry by entry, and starts afresh once iterated (or abandoned).
   * The entries come column by column (ordered by name, then type) and, within a column, by value: the
   * order of the index's primary key, in which the database inserts them fastest. Nothing may be added
   * meanwhile.
   */
  *drain(): Generator<OccurrenceEntry> {
    try {
      for (const k of this.columnOrder()) {
        const [column, type, fromIocColumn] = this.columns[k];
        const map = this.maps[k];
        const runs = this.runs[k];
        if (this.fresh[k].length > 0) runs.push(this.fresh[k].sort());
        for (const value of mergeSorted(runs)) {
          const slot = map.get(value)!;
          yield {
            column,
            type,
            fromIocColumn,
            value,
            raw: this.raws[slot] ?? value,
            occurrences: this.occurrences[slot],
            firstRowIndex: this.firstRow[slot],
            firstSeen: this.firstSeen[slot],
            lastSeen: this.lastSeen[slot],
          };
        }
      }
    } finally {
      this.reset();
    }
  }

  private columnOrder(): number[] {
    const byName = (a: number, b: number) =>
      compare(this.columns[a][0], this.columns[b][0]) || compare(this.columns[a][1], this.columns[b][1]);
    return this.columns.map((_, k) => k).sort(byName);
  }

  private reset(): void {
    this.maps = this.columns.map(() => new Map());
    this.runs = this.columns.map(() => []);
    this.fresh = this.columns.map(() => []);
    this.count = 0;
    this.bytes = 0;
    this.raws = [];
    this.occurrences = new Int32Array(INITIAL_CAPACITY);
    this.firstRow = new Int32Array(INITIAL_CAPACITY);
    this.firstSeen = new Float64Array(INITIAL_CAPACITY);
    this.lastSeen = new Float64Array(INITIAL_CAPACITY);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The strings of sorted arrays in one sorted sequence (by UTF-16 code units, as Array.prototype.sort). */
export function* mergeSorted(runs: readonly (readonly string[])[]): Generator<string> {
  const live = runs.filter((run) => run.length > 0);
  if (live.length === 1) {
    yield* live[0];
    return;
  }
  // A binary min-heap of the runs, keyed by each run's next string.
  const next = new Int32Array(live.length);
  const heap = live.map((_, r) => r);
  const head = (r: number) => live[r][next[r]];
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      const right = left + 1;
      const child = right < heap.length && head(heap[right]) < head(heap[left]) ? right : left;
      if (!(head(heap[child]) < head(heap[i]))) return;
      [heap[i], heap[child]] = [heap[child], heap[i]];
      i = child;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const r = heap[0];
    yield live[r][next[r]++];
    if (next[r] === live[r].length) {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    down(0);
  }
}

/** Orders entries as drain() hands them over: by column, type, then value (UTF-16 code units). */
export function compareEntries(a: OccurrenceEntry, b: OccurrenceEntry): number {
  return compare(a.column, b.column) || compare(a.type, b.type) || compare(a.value, b.value);
}

/** Adds `entry`, an entry of the same (column, type, value) seen elsewhere in the file, into `total`. */
function mergeEntry(total: OccurrenceEntry, entry: OccurrenceEntry): void {
  total.occurrences += entry.occurrences;
  if (entry.firstRowIndex < total.firstRowIndex) {
    total.firstRowIndex = entry.firstRowIndex;
    total.raw = entry.raw;
  }
  if (!(entry.firstSeen >= total.firstSeen)) total.firstSeen = Number.isNaN(entry.firstSeen) ? total.firstSeen : entry.firstSeen;
  if (!(entry.lastSeen <= total.lastSeen)) total.lastSeen = Number.isNaN(entry.lastSeen) ? total.lastSeen : entry.lastSeen;
}

/** Entries per line of a spill file, as JSON (NaN times become null). */
function spillLine(entry: OccurrenceEntry): string {
  const { column, type, fromIocColumn, value, raw, occurrences, firstRowIndex, firstSeen, lastSeen } = entry;
  return `${JSON.stringify([column, type, fromIocColumn, value, raw === value ? 0 : raw, occurrences, firstRowIndex, firstSeen, lastSeen])}\n`;
}

function spilledEntry(line: string): OccurrenceEntry {
  const [column, type, fromIocColumn, value, raw, occurrences, firstRowIndex, firstSeen, lastSeen] = JSON.parse(line);
  return {
    column,
    type,
    fromIocColumn,
    value,
    raw: raw === 0 ? value : raw,
    occurrences,
    firstRowIndex,
    firstSeen: firstSeen ?? NaN,
    lastSeen: lastSeen ?? NaN,
  };
}

/**
 * Text written to, and read from, a spill file at a time; and entries per batch of a merge. Small, so that
 * what a merge holds dies young: objects that survive a few garbage collections are only freed by a full
 * one, and meanwhile count in the process's memory.
 */
const SPILL_CHUNK_CHARS = 64 << 10;
const MERGE_BATCH = 512;

/**
 * The part of an occurrence index that did not fit in memory, on disk: each spill writes the builder's
 * entries, sorted, to a file of its own (a temporary directory, removed by dispose()). merge() then reads
 * the files and the builder's last entries side by side and adds up the entries of each value, so that
 * the database receives every value once, in primary-key order, and never has to merge anything.
 */
export class OccurrenceSpill {
  private directory: string | undefined;
  private readonly files: string[] = [];

  constructor(
    /** Where the temporary directory is made. */
    private readonly parent = tmpdir(),
  ) {}

  /** Files written so far. */
  get runs(): number {
    return this.files.length;
  }

  /** Writes what the builder holds to a new file and empties the builder. */
  async spill(builder: OccurrenceIndexBuilder): Promise<void> {
    this.directory ??= mkdtempSync(join(this.parent, "huntgraph-index-"));
    const file = join(this.directory, `run-${this.files.length}.jsonl`);
    this.files.push(file);
    const out = createWriteStream(file);
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => undefined);
    let chunk = "";
    for (const entry of builder.drain()) {
      chunk += spillLine(entry);
      if (chunk.length >= SPILL_CHUNK_CHARS) {
        if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
        chunk = "";
      }
    }
    out.end(chunk);
    await Promise.race([once(out, "finish"), failed]);
  }

  /**
   * Every entry of the index, each (column, type, value) once with its counts added up, in batches and in
   * drain() order: the spilled files merged with what the builder holds (which it hands over).
   */
  async *merge(builder: OccurrenceIndexBuilder): AsyncGenerator<OccurrenceEntry[]> {
    const cursors = [...this.files.map((file) => new Cursor(readSpill(file))), new Cursor(batched(builder.drain()))];
    const heap: Cursor[] = [];
    for (const cursor of cursors) if (await cursor.next()) heap.push(cursor);
    const before = (a: Cursor, b: Cursor) => compareEntries(a.entry!, b.entry!) < 0;
    const down = (from: number) => {
      let i = from;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) return;
        const child = left + 1 < heap.length && before(heap[left + 1], heap[left]) ? left + 1 : left;
        if (!before(heap[child], heap[i])) return;
        [heap[i], heap[child]] = [heap[child], heap[i]];
        i = child;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    // Moves the cursor at the top of the heap on, and the heap back in order.
    const advanceTop = async () => {
      const top = heap[0];
      let more = top.next();
      if (more !== true && more !== false) more = await more;
      if (!more) {
        const last = heap.pop()!;
        if (heap.length > 0 && last !== top) heap[0] = last;
      }
      if (heap.length > 0) down(0);
    };
    let batch: OccurrenceEntry[] = [];
    while (heap.length > 0) {
      const total = { ...heap[0].entry! };
      await advanceTop();
      while (heap.length > 0 && compareEntries(heap[0].entry!, total) === 0) {
        mergeEntry(total, heap[0].entry!);
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

  /** Removes the files. */
  dispose(): void {
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
    this.directory = undefined;
    this.files.length = 0;
  }
}

/** Reads a sequence of entry batches one entry at a time, awaiting only when a batch is used up. */
class Cursor {
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

function* batched(entries: Iterable<OccurrenceEntry>): Generator<OccurrenceEntry[]> {
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

async function* readSpill(file: string): AsyncGenerator<OccurrenceEntry[]> {
  let rest = "";
  for await (const text of createReadStream(file, { encoding: "utf8", highWaterMark: SPILL_CHUNK_CHARS })) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    yield lines.map(spilledEntry);
  }
  if (rest) yield [spilledEntry(rest)];
}
