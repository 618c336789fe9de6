// Delimiter sniffing: which of `,` tab `;` `|` splits the first lines of a file into a steady number of fields.
import { parse } from "csv-parse/sync";

const DELIMITERS = [",", "\t", ";", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter is sniffed from this many leading characters of decoded text. */
export const SNIFF_SAMPLE_CHARS = 8 * 1024;

/**
 * For each candidate, csv-parse splits the sample into records (so delimiters inside quoted fields do not
 * count), the most common field count n is found, and the score is the share of records with n fields.
 * Candidates with n < 2 are out. The best score wins; a tie goes to the larger n, then to the candidate
 * listed first in DELIMITERS. With no candidate left, ",".
 */
export function sniffDelimiter(text: string): Delimiter {
  const sample = completeLines(text);
  let best = { delimiter: "," as Delimiter, score: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = fieldCounts(sample, delimiter);
    const fields = mostCommon(counts);
    if (fields < 2) continue;
    const score = counts.filter((n) => n === fields).length / counts.length;
    if (score > best.score || (score === best.score && fields > best.fields)) best = { delimiter, score, fields };
  }
  return best.delimiter;
}

/** The first 8 KiB, cut after its last line break so that a half line does not count as a short record. */
function completeLines(text: string): string {
  if (text.length <= SNIFF_SAMPLE_CHARS) return text;
  const head = text.slice(0, SNIFF_SAMPLE_CHARS);
  const lastBreak = Math.max(head.lastIndexOf("\n"), head.lastIndexOf("\r"));
  return lastBreak < 0 ? head : head.slice(0, lastBreak + 1);
}

function fieldCounts(sample: string, delimiter: Delimiter): number[] {
  const counts: number[] = [];
  try {
    parse(sample, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[]) => {
        counts.push(record.length);
        return null;
      },
    });
  } catch {
    // The sample ends inside a quoted field: the records before it still count.
  }
  return counts;
}

/** The most frequent value, the larger one on a tie; 0 for no values. */
function mostCommon(values: number[]): number {
  const frequency = new Map<number, number>();
  for (const value of values) frequency.set(value, (frequency.get(value) ?? 0) + 1);
  let best = 0;
  let bestFrequency = 0;
  for (const [value, count] of frequency) {
    if (count > bestFrequency || (count === bestFrequency && value > best)) {
      best = value;
      bestFrequency = count;
    }
  }
  return best;
}
