// The part of an occurrence index that does not fit in memory: sorted runs in temporary files, merged
// with the builder's last entries on their way into the database.
import { once } from "node:events";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scratchDirectory } from "../../shared/scratch";
import type { OccurrenceIndexBuilder } from "./builder";
import type { OccurrenceEntry } from "./entry";
import { batched, Cursor, mergeEntries } from "./merge";

/** Entries per line of a spill file, as JSON (NaN times become null). */
function spillLine(entry: OccurrenceEntry): string {
  const { column, type, fromIocColumn, value, raw, occurrences, firstRowIndex, firstSeen, lastSeen, hosts } = entry;
  return `${JSON.stringify([column, type, fromIocColumn, value, raw === value ? 0 : raw, occurrences, firstRowIndex, firstSeen, lastSeen, hosts])}\n`;
}

function spilledEntry(line: string): OccurrenceEntry {
  const [column, type, fromIocColumn, value, raw, occurrences, firstRowIndex, firstSeen, lastSeen, hosts] = JSON.parse(line);
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
    hosts,
  };
}

/**
 * Text written to, and read from, a spill file at a time. Small, so that what a merge holds dies young:
 * objects that survive a few garbage collections are only freed by a full one, and meanwhile count in the
 * process's memory.
 */
const SPILL_CHUNK_CHARS = 64 << 10;

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
    this.directory ??= scratchDirectory("index", this.parent);
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
  merge(builder: OccurrenceIndexBuilder): AsyncGenerator<OccurrenceEntry[]> {
    return mergeEntries([...this.files.map((file) => new Cursor(readSpill(file))), new Cursor(batched(builder.drain()))]);
  }

  /** Removes the files. */
  dispose(): void {
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
    this.directory = undefined;
    this.files.length = 0;
  }
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
