// Builds the occurrence index while rows stream in: per (column, canonical value) how often, where
// first, and when. Memory stays bounded: past a budget the caller spills the builder's entries to disk
// (OccurrenceSpill), and the parts are merged on their way into the database.
import { IocType } from "../../shared/ioc-type";
import { canonicalIocValue } from "./canonical-value";
import { compare, type OccurrenceEntry } from "./entry";
import type { IndexedColumn } from "./indexed-columns";
import { mergeSorted } from "./merge";

/**
 * Estimated heap bytes per entry besides its value's characters: map slot, key string header, counters,
 * times, raw-value and run slots (bench/MEASUREMENTS.md). Characters are counted one byte each, as V8
 * stores Latin-1 text.
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

/** Whether a row's time is known: NaN is the only number unequal to itself (this runs per indexed cell). */
function hasTime(time: number): boolean {
  return time === time;
}

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
  /** The first host (an id into hostNames) of each entry, -1 for none; more hosts of an entry are in moreHosts. */
  private hosts = new Int32Array(INITIAL_CAPACITY).fill(-1);
  private moreHosts = new Map<number, Set<number>>();
  /** Host names by id, and ids by raw cell (a dataset has few hosts and many rows). */
  private readonly hostNames: string[] = [];
  private readonly hostIdsByName = new Map<string, number>();
  private readonly hostIds = new Map<string, number>();
  /** Position of the host column among the cells of a row (-1: none). */
  private readonly hostPosition: number;
  /** The trimmed raw value when it differs from the canonical one. */
  private raws: (string | undefined)[] = [];
  /** Per column: sorted runs of its values, and the values added since the last run. */
  private runs: string[][][];
  private fresh: string[][];

  constructor(
    private readonly columns: readonly IndexedColumn[],
    /** Raw column names in cell order; by default rows are only added as objects (`add`). */
    header: readonly string[] = [],
    /** The column naming the host each row was seen on (see observingHostColumn); null for none. */
    private readonly hostColumn: string | null = null,
  ) {
    this.hostPosition = hostColumn === null ? -1 : header.indexOf(hostColumn);
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
    const host = this.hostPosition < 0 ? -1 : this.hostId(cells[this.hostPosition]);
    for (let k = 0; k < positions.length; k++) {
      const position = positions[k];
      if (position < 0 || position >= cells.length) continue;
      const raw = cells[position];
      if (raw) this.addValue(k, raw, rowIndex, time, host);
    }
  }

  /** Takes a row given as raw column → value (a stored `data` object); `seenAt` is its timestamp. */
  add(rowIndex: number, data: Record<string, string>, seenAt: Date | null): void {
    const time = seenAt === null ? NaN : seenAt.getTime();
    const host = this.hostColumn !== null && Object.hasOwn(data, this.hostColumn) ? this.hostId(data[this.hostColumn]) : -1;
    for (let k = 0; k < this.columns.length; k++) {
      const column = this.columns[k][0];
      const raw = Object.hasOwn(data, column) ? data[column] : undefined;
      if (raw) this.addValue(k, raw, rowIndex, time, host);
    }
  }

  /** The id of a row's host, -1 when the cell names none. */
  private hostId(raw: string | undefined): number {
    if (!raw) return -1;
    let id = this.hostIds.get(raw);
    if (id === undefined) {
      const name = canonicalIocValue(IocType.HOSTNAME, raw);
      id = name === null ? -1 : (this.hostIdsByName.get(name) ?? -1);
      if (name !== null && id === -1) {
        id = this.hostNames.push(detached(name)) - 1;
        this.hostIdsByName.set(this.hostNames[id], id);
      }
      this.hostIds.set(detached(raw), id);
    }
    return id;
  }

  /** Records that the entry in `slot` was seen on `host`. */
  private addHost(slot: number, host: number): void {
    const first = this.hosts[slot];
    if (first === host) return;
    if (first === -1) {
      this.hosts[slot] = host;
      return;
    }
    let more = this.moreHosts.get(slot);
    if (more === undefined) this.moreHosts.set(slot, (more = new Set([first])));
    more.add(host);
  }

  private hostsOf(slot: number): string[] | null {
    if (this.hostColumn === null) return null;
    const more = this.moreHosts.get(slot);
    if (more !== undefined) return [...more].map((id) => this.hostNames[id]).sort();
    return this.hosts[slot] === -1 ? [] : [this.hostNames[this.hosts[slot]]];
  }

  private addValue(k: number, raw: string, rowIndex: number, time: number, host: number): void {
    const value = canonicalIocValue(this.types[k], raw);
    if (value === null) return;
    const map = this.maps[k];
    const slot = map.get(value);
    if (slot !== undefined) {
      this.occurrences[slot]++;
      if (host >= 0) this.addHost(slot, host);
      if (hasTime(time)) {
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
    this.hosts[index] = host;
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
    this.hosts = grown(this.hosts);
    this.hosts.fill(-1, capacity / 2);
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
            hosts: this.hostsOf(slot),
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
    this.hosts = new Int32Array(INITIAL_CAPACITY).fill(-1);
    this.moreHosts = new Map();
  }
}
