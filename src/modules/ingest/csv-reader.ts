// Reads an uploaded CSV export as records: the header once, then every row, ragged rows evened out.
import { Readable, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { DecodeStream, type Encoding } from "./decode";
import { IngestError } from "./errors";
import { SNIFF_SAMPLE_CHARS, sniffDelimiter, type Delimiter } from "./sniff";

/**
 * Largest record accepted. csv-parse counts the whole record, so this also bounds a single field: no real
 * export has one this large, a missing closing quote or a binary file does.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

const CSV_ERROR_REASONS: Partial<Record<string, string>> = {
  CSV_MAX_RECORD_SIZE: "row larger than 1 MiB",
  CSV_QUOTE_NOT_CLOSED: "malformed quoting: a quoted field is never closed",
  CSV_INVALID_CLOSING_QUOTE: 'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
  INVALID_OPENING_QUOTE: "malformed quoting: a quote inside an unquoted field",
};

/**
 * Iterating yields the header first (names made unique, see uniqueHeader), then each data row as an array
 * of strings. A row shorter than the file's header is padded with "" to the header's width. A row longer
 * than it keeps its extra cells under generated names `extra_1`, `extra_2`, ... (skipping names the header
 * already has), which are appended to `header`; other rows do not get those cells. Blank lines are
 * skipped (so is an empty value in a one-column file: csv-parse gives both as [""]). Quoting is strict
 * (RFC 4180). Any problem with the file is thrown as an IngestError naming the line where its record starts.
 * Records are counted as they are parsed, a few ahead of the consumer: `header` and the counts are final
 * once iteration ends. A reader is iterated once.
 */
export class CsvReader implements AsyncIterable<string[]> {
  /** Known once the first 8 KiB of text has been read. */
  delimiter: Delimiter | undefined;
  rowCount = 0;
  paddedRows = 0;
  extendedRows = 0;
  private readonly decoder: DecodeStream;
  private columns: string[] = [];
  private headerWidth = 0;
  private headerLine: number | undefined;
  /** Physical line on which the next record starts. */
  private nextLine = 1;
  private extraColumns = 0;

  constructor(
    private readonly source: Readable,
    /** Name used in error messages. */
    readonly file: string,
  ) {
    this.decoder = new DecodeStream(file);
  }

  /** Known once the first 64 KiB has been read. */
  get encoding(): Encoding | undefined {
    return this.decoder.encoding;
  }

  /** Bytes read from the source so far: for a progress bar, and the file size once iteration is over. */
  get bytesRead(): number {
    return this.decoder.bytesRead;
  }

  /** Column names: the file's header made unique, then the extra columns of longer rows seen so far. */
  get header(): readonly string[] {
    return this.columns;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string[]> {
    const text: AsyncIterator<string> = pipeline(this.source, this.decoder, () => {})[Symbol.asyncIterator]();
    let sample = "";
    while (sample.length < SNIFF_SAMPLE_CHARS) {
      const next = await text.next();
      if (next.done) break;
      sample += next.value;
    }
    this.delimiter = sniffDelimiter(sample);
    const parser = parse({
      delimiter: this.delimiter,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
      // Runs as each record is parsed, ahead of the consumer: line numbers are right when a parse error comes.
      on_record: (cells: string[]) => this.onRecord(cells),
    });
    const records = pipeline(Readable.from(prepend(sample, text)), parser, () => {});
    try {
      for await (const record of records) yield record as string[];
    } catch (error) {
      throw error instanceof CsvError ? new IngestError(this.file, CSV_ERROR_REASONS[error.code] ?? error.message, this.nextLine) : error;
    }
    if (this.headerLine === undefined) throw new IngestError(this.file, "file is empty: no header row");
    if (this.rowCount === 0) throw new IngestError(this.file, "header row but no data rows", this.headerLine);
  }

  private onRecord(cells: string[]): string[] | null {
    const line = this.nextLine;
    this.nextLine += 1 + lineBreaks(cells);
    if (cells.length === 1 && cells[0] === "") return null;
    if (this.headerLine === undefined) {
      this.headerLine = line;
      this.headerWidth = cells.length;
      this.columns = uniqueHeader(cells);
      return [...this.columns];
    }
    this.rowCount++;
    if (cells.length < this.headerWidth) {
      this.paddedRows++;
      while (cells.length < this.headerWidth) cells.push("");
    } else if (cells.length > this.headerWidth) {
      this.extendedRows++;
      this.addExtraColumns(cells.length);
    }
    return cells;
  }

  private addExtraColumns(width: number): void {
    const taken = new Set(this.columns);
    while (this.columns.length < width) {
      let name: string;
      do name = `extra_${++this.extraColumns}`;
      while (taken.has(name));
      this.columns.push(name);
    }
  }
}

/**
 * Trims header names and makes them unique, left to right: an empty name becomes `column_<position>`
 * (1-based), a repeated name gets `_2`, `_3`, ... The first occurrence of a name keeps it, and a generated
 * name never takes a name found elsewhere in the header (a second "Name" next to a real "Name_2" becomes
 * "Name_3"; "" in position 3 next to a real "column_3" becomes "column_3_2").
 */
export function uniqueHeader(cells: readonly string[]): string[] {
  const names = cells.map((cell) => cell.trim());
  const taken = new Set(names.filter((name) => name !== ""));
  const kept = new Set<string>();
  return names.map((name, i) => {
    if (name !== "" && !kept.has(name)) {
      kept.add(name);
      return name;
    }
    const base = name === "" ? `column_${i + 1}` : name;
    let unique = base;
    for (let n = 2; taken.has(unique); n++) unique = `${base}_${n}`;
    taken.add(unique);
    return unique;
  });
}

/** Line breaks inside quoted fields: each moves the next record one physical line further. */
function lineBreaks(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (cell.includes("\n") || cell.includes("\r")) count += cell.match(/\r\n?|\n/g)!.length;
  }
  return count;
}

/** The text already read for sniffing, then the rest of the decoded stream. */
async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    if (first) yield first;
    yield* { [Symbol.asyncIterator]: () => rest };
  } finally {
    await rest.return?.();
  }
}
