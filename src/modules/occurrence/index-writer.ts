// Writing a dataset's occurrence index into the database, for the import and for reindex: one COPY at the
// end, with spilling to disk when the index outgrows its memory budget.
import type { CopyTarget, CopyWriter } from "../../database/copy";
import type { OccurrenceIndexBuilder } from "./builder";
import { CopyOccurrenceEncoder } from "./copy-encoder";
import type { OccurrenceEntry } from "./entry";
import { COPY_OCCURRENCES } from "./occurrence.sql";
import { OccurrenceSpill } from "./spill";

/**
 * Memory the occurrence index may take before its entries are spilled to disk (estimated, see
 * OccurrenceIndexBuilder.estimatedBytes). Less on PGlite, whose database shares the process's memory
 * (bench/MEASUREMENTS.md).
 */
const OCCURRENCE_BUDGET_BYTES = { postgres: 48 << 20, pglite: 16 << 20 };

export interface IndexOptions {
  /** Memory the occurrence index may take before it is spilled to disk (default: OCCURRENCE_BUDGET_BYTES). */
  occurrenceBudgetBytes?: number;
  /** Where the spill files of an index go, in a temporary directory removed after the load (default: the OS's). */
  spillDirectory?: string;
}

/**
 * Writes a dataset's occurrence index with one COPY into ioc_occurrences, at the end, every value once and
 * in primary-key order (which the table's indexes take fastest). When the index outgrows its memory
 * budget, the builder's entries are spilled to temporary files, and merged with the rest on the way to the
 * database: the database never merges partial counts.
 */
export class OccurrenceIndexWriter {
  /** The builder is spilled (spillIfFull) once its estimated size reaches this. */
  private readonly budgetBytes: number;
  private readonly spill: OccurrenceSpill;
  private writer: CopyWriter | undefined;

  constructor(
    private readonly target: CopyTarget,
    private readonly datasetId: string,
    private readonly huntId: string | null,
    options: IndexOptions,
    /** On the embedded database, whose memory the budget shares. */
    embedded: boolean,
  ) {
    this.budgetBytes = options.occurrenceBudgetBytes ?? (embedded ? OCCURRENCE_BUDGET_BYTES.pglite : OCCURRENCE_BUDGET_BYTES.postgres);
    this.spill = new OccurrenceSpill(options.spillDirectory);
  }

  /** Moves what the builder holds to disk once it has reached the memory budget. */
  async spillIfFull(builder: OccurrenceIndexBuilder): Promise<void> {
    if (builder.estimatedBytes >= this.budgetBytes) await this.spill.spill(builder);
  }

  /** Writes the index: the builder's entries, merged with the spilled ones if any. Returns the number of entries. */
  async finish(builder: OccurrenceIndexBuilder): Promise<number> {
    try {
      const encoder = new CopyOccurrenceEncoder(this.datasetId, this.huntId);
      const writer = (this.writer = this.target.writer(COPY_OCCURRENCES));
      const batches: Iterable<Iterable<OccurrenceEntry>> | AsyncIterable<OccurrenceEntry[]> =
        this.spill.runs === 0 ? [builder.drain()] : this.spill.merge(builder);
      let entries = 0;
      for await (const batch of batches) {
        for (const entry of batch) {
          const sent = writer.write(encoder.line(entry));
          entries++;
          if (sent) await sent;
        }
      }
      await writer.flush();
      this.writer = undefined;
      return entries;
    } finally {
      this.spill.dispose();
    }
  }

  abort(): void {
    this.writer?.abort();
    this.writer = undefined;
    this.spill.dispose();
  }
}
