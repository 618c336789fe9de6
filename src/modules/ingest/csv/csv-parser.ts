// A streaming RFC 4180 parser over decoded text: records with the physical line each starts on.
import { IngestError } from "../../../shared/errors";

/**
 * Largest record accepted, counted as the characters of its fields (delimiters and quotes aside), so this
 * also bounds a single field: no real export has one this large, a missing closing quote or a binary file does.
 */
const MAX_RECORD_BYTES = 1024 * 1024;

const REASON_TOO_LARGE = "row larger than 1 MiB";
const REASON_NOT_CLOSED = "malformed quoting: a quoted field is never closed";
const REASON_CLOSING_QUOTE = 'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")';
const REASON_OPENING_QUOTE = "malformed quoting: a quote inside an unquoted field";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Receives each record with the physical line it starts on. */
export type RecordCallback = (cells: string[], line: number) => void;

/** What a field or record parser returns when the text ends before it can tell where the field ends. */
const INCOMPLETE = -1;
/** What the field parser returns at the end of the text when nothing follows the last line break. */
const NOTHING_LEFT = -2;

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
  /** The current record: characters of its fields so far, line breaks inside them, and whether its last field ended it. */
  private size = 0;
  private breaks = 0;
  private endsRecord = false;

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
    let pos = 0; // where the current record starts
    while (pos < s.length) {
      const next = this.record(s, pos, end);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    this.pending = pos >= s.length ? "" : s.slice(pos);
  }

  /** Parses the record starting at `pos` and passes it on; returns where the next one starts, or INCOMPLETE. */
  private record(s: string, pos: number, end: boolean): number {
    const cells: string[] = [];
    this.size = 0;
    this.breaks = 0;
    let i = pos; // where the current field starts
    for (;;) {
      const quoted = i < s.length && s.charCodeAt(i) === QUOTE;
      const next = quoted ? this.quotedField(s, i, end, cells) : this.unquotedField(s, i, end, cells);
      if (next === INCOMPLETE) return INCOMPLETE;
      if (next === NOTHING_LEFT) return s.length;
      if (!this.endsRecord) {
        i = next;
        continue;
      }
      this.emit(cells, this.breaks);
      return next;
    }
  }

  /** A quoted field runs to a quote that is not followed by another one: `""` inside it is one quote. */
  private quotedField(s: string, i: number, end: boolean, cells: string[]): number {
    const n = s.length;
    let value = "";
    let from = i + 1;
    for (;;) {
      const q = s.indexOf('"', from);
      if (q === -1) {
        this.checkSize(value.length + (n - from));
        if (end) throw this.error(REASON_NOT_CLOSED);
        return INCOMPLETE;
      }
      if (q + 1 >= n && !end) {
        this.checkSize(value.length + (q - from));
        return INCOMPLETE; // "" or a closing quote: the next text decides
      }
      value = value === "" ? s.slice(from, q) : value + s.slice(from, q);
      if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
        value += '"';
        from = q + 2;
        continue;
      }
      return this.closeQuotedField(s, q + 1, end, cells, value);
    }
  }

  /** After a closing quote at `next - 1`: the delimiter, the record delimiter, or the end of the text must follow. */
  private closeQuotedField(s: string, next: number, end: boolean, cells: string[], value: string): number {
    this.addField(cells, value, value.indexOf("\n") !== -1 || value.indexOf("\r") !== -1);
    if (next < s.length && s.charCodeAt(next) === this.delimiter) {
      this.endsRecord = false;
      return next + 1;
    }
    const length = next < s.length ? this.recordDelimiterAt(s, next, end) : 0;
    if (length < 0) return INCOMPLETE;
    if (length === 0 && next < s.length) throw this.error(REASON_CLOSING_QUOTE);
    this.endsRecord = true;
    return next + length;
  }

  /** An unquoted field runs to the delimiter, the record delimiter or the end of the text. */
  private unquotedField(s: string, i: number, end: boolean, cells: string[]): number {
    const n = s.length;
    let j = i;
    let fieldBreaks = false;
    let recordDelimiter = 0; // length of the record delimiter that ends the field, if one does
    const delimiter = this.delimiter;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === delimiter) break;
      if (c === QUOTE) throw this.error(REASON_OPENING_QUOTE); // j > i: a quote at the start opens a quoted field
      if (c !== CR && c !== LF) continue;
      const length = this.recordDelimiterAt(s, j, end);
      if (length < 0) {
        this.checkSize(j - i);
        return INCOMPLETE;
      }
      if (length > 0) {
        recordDelimiter = length;
        break;
      }
      fieldBreaks = true; // a line break that is not the record delimiter is text
    }
    if (j >= n && !end) {
      this.checkSize(j - i);
      return INCOMPLETE;
    }
    if (j >= n && cells.length === 0 && j === i) return NOTHING_LEFT; // nothing after the last line break
    this.addField(cells, s.slice(i, j), fieldBreaks);
    this.endsRecord = j >= n || recordDelimiter > 0;
    return this.endsRecord ? j + recordDelimiter : j + 1;
  }

  private addField(cells: string[], field: string, mayBreakLines: boolean): void {
    this.size += field.length;
    if (this.size > this.maxRecord) throw this.error(REASON_TOO_LARGE);
    if (mayBreakLines) this.breaks += lineBreaks(field);
    cells.push(field);
  }

  /** Fails when the record so far plus `pending` more characters of the current field is too large. */
  private checkSize(pending: number): void {
    if (this.size + pending > this.maxRecord) throw this.error(REASON_TOO_LARGE);
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
