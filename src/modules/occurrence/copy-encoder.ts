// Occurrence-index entries as COPY text.
import { copyText } from "../../database/copy-text";
import type { OccurrenceEntry } from "./entry";

/** Formats occurrence-index entries as lines of COPY_OCCURRENCES (see occurrence.sql). */
export class CopyOccurrenceEncoder {
  private readonly prefix: string;
  private readonly time = new TimestampFormatter();

  constructor(datasetId: string, huntId: string | null) {
    this.prefix = `${copyText(datasetId)}\t${huntId === null ? "\\N" : copyText(huntId)}\t`;
  }

  /** dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen, hosts. */
  line(entry: OccurrenceEntry): string {
    return (
      `${this.prefix}${copyText(entry.column)}\t${entry.type}\t${entry.fromIocColumn ? "t" : "f"}\t${copyText(entry.value)}\t${copyText(entry.raw)}\t` +
      `${entry.occurrences}\t${entry.firstRowIndex}\t${this.time.format(entry.firstSeen)}\t${this.time.format(entry.lastSeen)}\t` +
      `${entry.hosts === null ? "\\N" : copyText(arrayLiteral(entry.hosts))}\n`
    );
  }
}

/** A text[] literal: every element quoted, with its quotes and backslashes escaped. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch as COPY text of a timestamptz in UTC ("2024-03-01 12:00:05.250+00"), \N for
 * NaN. Dates are cached: an import's timestamps span few days.
 */
export class TimestampFormatter {
  private readonly dates = new Map<number, string>();

  format(time: number): string {
    if (Number.isNaN(time)) return "\\N";
    const day = Math.floor(time / DAY_MS);
    let date = this.dates.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (this.dates.size >= 4096) this.dates.clear();
      this.dates.set(day, date);
    }
    const ms = time - day * DAY_MS;
    const hours = Math.floor(ms / 3_600_000);
    const minutes = Math.floor(ms / 60_000) % 60;
    const seconds = Math.floor(ms / 1000) % 60;
    const millis = ms % 1000;
    return `${date} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}+00`;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
