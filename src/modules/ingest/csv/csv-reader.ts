// Reads an uploaded CSV export as records: the header once, then every row, ragged rows evened out.
import { type Readable, pipeline } from "node:stream";
import { IngestError } from "../../../shared/errors";
import { DecodeStream, type Encoding } from "./decode";
import { SNIFF_SAMPLE_CHARS, sniffDelimiter, type Delimiter } from "./sniff";

/**
 * Largest record accepted, counted as the characters of its fields (delimiters and quotes aside), so this
 * also bounds a single field: no real export has one this large, a missing closing quote or a binary file does.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

const REASON_TOO_LARGE = "row larger than 1 MiB";
const REASON_NOT_CLOSED = "malformed quoting: a quoted field is never closed";
const REASON_CLOSING_QUOTE = 'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")';
const REASON_OPENING_QUOTE = "malformed quoting: a quote inside an unquoted field";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Receives each record with the physical line it starts on. */
export type RecordCallback = (cells: string[], line: number) => void;

/**
 * A streaming RFC 4180 parser over decoded text, with the behaviour ingestion had with csv-parse
 * (`relax_column_count`, strict quotes, auto-detected record delimiter), several times faster: it scans
 * strings instead of bytes and cuts fields as substrings.
 *
 * - The record delimiter is the first line break met outside quotes (`\r\n`, `\n` or `\r`); from then on
 *   only that one ends records, and other line break characters are field text.
 * - A field starting with `"` is quoted: `""` inside it is one quote, and the closing quote must be followed
 *   by the delimiter, the record delimiter or the end of the text. A quote anywhere else in a field is an error.
 * - A blank line is a record of one empty field ([""]); a line break at the very end adds no record.
 * - Records are numbered by physical line: a record starts one line after the previous one plus the line
 *   breaks (`\r\n`, `\r` or `\n`) inside its fields.
 * Errors are IngestErrors naming the line on which the faulty record starts.
 */
export class CsvParser {
  /** Physical line on which the next record starts. */
  line = 1;
  private pending = "";
  private recordDelimiter: "" | "\r\n" | "\n" | "\r" = "";
  private readonly delimiter: number;
  private ended = false;

  constructor(
    delimiter: string,
    private readonly file: string,
    private readonly onRecord: RecordCallback,
    private readonly maxRecord = MAX_RECORD_BYTES,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n")
      throw new Error(`unsupported delimiter ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses the next piece of text; records that end in it are passed on, the rest waits for more text. */
  push(text: string): void {
    if (this.ended) throw new Error("CsvParser.push() after end()");
    if (text) this.parse(this.pending + text, false);
  }

  /** The text is over: the last record is passed on, or the error of an unfinished one thrown. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.parse(this.pending, true);
  }

  private error(reason: string): IngestError {
    return new IngestError(this.file, reason, this.line);
  }

  private parse(s: string, end: boolean): void {
    const n = s.length;
    const delimiter = this.delimiter;
    const max = this.maxRecord;
    let pos = 0; // where the current record starts
    records: while (pos < n) {
      const cells: string[] = [];
      let size = 0;
      let breaks = 0;
      let i = pos; // where the current field starts
      for (;;) {
        if (i < n && s.charCodeAt(i) === QUOTE) {
          // Quoted field: runs to a quote that is not followed by another one.
          let value = "";
          let from = i + 1;
          for (;;) {
            const q = s.indexOf('"', from);
            if (q === -1) {
              if (size + value.length + (n - from) > max) throw this.error(REASON_TOO_LARGE);
              if (end) throw this.error(REASON_NOT_CLOSED);
              break records;
            }
            if (q + 1 >= n && !end) {
              if (size + value.length + (q - from) > max) throw this.error(REASON_TOO_LARGE);
              break records; // "" or a closing quote: the next text decides
            }
            value = value === "" ? s.slice(from, q) : value + s.slice(from, q);
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              from = q + 2;
              continue;
            }
            size += value.length;
            if (size > max) throw this.error(REASON_TOO_LARGE);
            if (value.indexOf("\n") !== -1 || value.indexOf("\r") !== -1) breaks += lineBreaks(value);
            cells.push(value);
            const next = q + 1;
            if (next < n && s.charCodeAt(next) === delimiter) {
              i = next + 1;
              break;
            }
            // The record ends: at a record delimiter, or where the text does (end is true then).
            const length = next < n ? this.recordDelimiterAt(s, next, end) : 0;
            if (length < 0) break records;
            if (length === 0 && next < n) throw this.error(REASON_CLOSING_QUOTE);
            this.emit(cells, breaks);
            pos = next + length;
            continue records;
          }
          continue;
        }
        // Unquoted field: runs to the delimiter, the record delimiter or the end of the text.
        let j = i;
        let fieldBreaks = false;
        let recordDelimiter = 0; // length of the record delimiter that ends the field, if one does
        for (;;) {
          if (j >= n) {
            if (!end) {
              if (size + (j - i) > max) throw this.error(REASON_TOO_LARGE);
              break records;
            }
            if (cells.length === 0 && j === i) {
              pos = n; // nothing after the last line break
              break records;
            }
            break;
          }
          const c = s.charCodeAt(j);
          if (c === delimiter) break;
          if (c === QUOTE) throw this.error(REASON_OPENING_QUOTE); // j > i: a quote at the start opens a quoted field
          if (c === CR || c === LF) {
            const length = this.recordDelimiterAt(s, j, end);
            if (length < 0) {
              if (size + (j - i) > max) throw this.error(REASON_TOO_LARGE);
              break records;
            }
            if (length > 0) {
              recordDelimiter = length;
              break;
            }
            fieldBreaks = true; // a line break that is not the record delimiter is text
          }
          j++;
        }
        const field = s.slice(i, j);
        size += field.length;
        if (size > max) throw this.error(REASON_TOO_LARGE);
        if (fieldBreaks) breaks += lineBreaks(field);
        cells.push(field);
        if (j < n && recordDelimiter === 0) {
          i = j + 1; // a delimiter: the record goes on
          continue;
        }
        this.emit(cells, breaks);
        pos = j + recordDelimiter;
        continue records;
      }
    }
    this.pending = pos >= n ? "" : s.slice(pos);
  }

  private emit(cells: string[], breaks: number): void {
    const line = this.line;
    this.line += 1 + breaks;
    this.onRecord(cells, line);
  }

  /**
   * Length of the record delimiter at `at` (whose character is known), 0 when there is none there, -1 when
   * the text ends too early to tell. The first line break seen decides the record delimiter.
   */
  private recordDelimiterAt(s: string, at: number, end: boolean): number {
    const c = s.charCodeAt(at);
    switch (this.recordDelimiter) {
      case "\n":
        return c === LF ? 1 : 0;
      case "\r":
        return c === CR ? 1 : 0;
      case "\r\n":
        if (c !== CR) return 0;
        if (at + 1 >= s.length) return end ? 0 : -1;
        return s.charCodeAt(at + 1) === LF ? 2 : 0;
      default:
        if (c === LF) {
          this.recordDelimiter = "\n";
          return 1;
        }
        if (c !== CR) return 0;
        if (at + 1 >= s.length && !end) return -1;
        this.recordDelimiter = at + 1 < s.length && s.charCodeAt(at + 1) === LF ? "\r\n" : "\r";
        return this.recordDelimiter.length;
    }
  }
}

/** Line breaks (`\r\n`, `\r` or `\n`) in a field: each moves the next record one physical line further. */
export function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

/**
 * Iterating yields the header first (names made unique, see uniqueHeader), then each data row as an array
 * of strings; `batches()` yields the same records in arrays, a chunk of text at a time, which is what the
 * import uses (an await per chunk instead of per row). A row shorter than the file's header is padded with ""
 * to the header's width. A row longer than it keeps its extra cells under generated names `extra_1`,
 * `extra_2`, ... (skipping names the header already has), which are appended to `header`; other rows do
 * not get those cells. Blank lines are skipped (so is an empty value in a one-column file: both are read as
 * [""]). Quoting is strict (RFC 4180, see CsvParser). Any problem with the file is thrown as an IngestError
 * naming the line where its record starts. Records are counted as they are parsed, a chunk ahead of the
 * consumer: `header` and the counts are final once iteration ends. A reader is iterated once.
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
  private extraColumns = 0;
  /** Records accepted from the text parsed last. */
  private batch: string[][] = [];

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
    for await (const batch of this.batches()) yield* batch;
  }

  /** The records (header first) in arrays of those parsed from one chunk of text; no array is empty. */
  async *batches(): AsyncGenerator<string[][]> {
    const text: AsyncIterator<string> = pipeline(this.source, this.decoder, () => {})[Symbol.asyncIterator]();
    try {
      let sample = "";
      let done = false;
      while (sample.length < SNIFF_SAMPLE_CHARS) {
        const next = await text.next();
        if (next.done) {
          done = true;
          break;
        }
        sample += next.value;
      }
      this.delimiter = sniffDelimiter(sample);
      const parser = new CsvParser(this.delimiter, this.file, (cells, line) => this.onRecord(cells, line));
      parser.push(sample);
      while (!done) {
        if (this.batch.length > 0) yield this.take();
        const next = await text.next();
        if (next.done) break;
        parser.push(next.value);
      }
      parser.end();
      if (this.batch.length > 0) yield this.take();
    } finally {
      await text.return?.();
    }
    if (this.headerLine === undefined) throw new IngestError(this.file, "file is empty: no header row");
    if (this.rowCount === 0) throw new IngestError(this.file, "header row but no data rows", this.headerLine);
  }

  private take(): string[][] {
    const batch = this.batch;
    this.batch = [];
    return batch;
  }

  private onRecord(cells: string[], line: number): void {
    if (cells.length === 1 && cells[0] === "") return;
    if (this.headerLine === undefined) {
      this.headerLine = line;
      this.headerWidth = cells.length;
      this.columns = uniqueHeader(cells);
      this.batch.push([...this.columns]);
      return;
    }
    this.rowCount++;
    if (cells.length < this.headerWidth) {
      this.paddedRows++;
      while (cells.length < this.headerWidth) cells.push("");
    } else if (cells.length > this.headerWidth) {
      this.extendedRows++;
      if (cells.length > this.columns.length) this.addExtraColumns(cells.length);
    }
    this.batch.push(cells);
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
