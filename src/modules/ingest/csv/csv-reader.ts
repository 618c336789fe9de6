// Reads an uploaded CSV export as records: the header once, then every row, ragged rows evened out.
import { type Readable, pipeline } from "node:stream";
import { IngestError } from "../../../shared/errors";
import { CsvParser } from "./csv-parser";
import { DecodeStream, type Encoding } from "./decode";
import { uniqueHeader } from "./header";
import { SNIFF_SAMPLE_CHARS, sniffDelimiter, type Delimiter } from "./sniff";

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

  /** SHA-256 of the file's bytes, once it has been read whole. */
  get contentSha256(): string | undefined {
    return this.decoder.sha256;
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
