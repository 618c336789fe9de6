// Encoding detection and streaming decode: the bytes of an uploaded export in, text out with the BOM stripped.
import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import { IngestError } from "../../../shared/errors";

/** Names as stored in `datasets.encoding` (Python codec names, as ThreatHunt stored them). */
export type Encoding = "utf-8-sig" | "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

/** The encoding is decided on this many leading bytes. */
const ENCODING_SAMPLE_BYTES = 64 * 1024;

const BOM_BYTES: Partial<Record<Encoding, number>> = { "utf-8-sig": 3, "utf-16le": 2, "utf-16be": 2 };

/** Text in which more than this share of characters are control characters is taken for binary. */
const MAX_CONTROL_SHARE = 0.05;

const DECODER_LABELS: Record<Encoding, string> = {
  "utf-8-sig": "utf-8",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  "utf-8": "utf-8",
  "windows-1252": "windows-1252",
};

/**
 * A byte order mark decides; without one, valid UTF-8 is UTF-8 and anything else is Windows-1252
 * (a superset of Latin-1 for printable text, and what Excel writes on Western Windows).
 */
export function detectEncoding(sample: Uint8Array): Encoding {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return "utf-8-sig";
  if (startsWith(sample, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(sample, [0xfe, 0xff])) return "utf-16be";
  try {
    // stream: true holds back a multi-byte sequence cut by the end of the sample instead of rejecting it.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** Decoded text that holds a NUL, or many other control characters, did not come from a CSV export. */
export function looksBinary(text: string): boolean {
  if (text.includes("\0")) return true;
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const controls = text.match(/[\x01-\x08\x0b\x0c\x0e-\x1f]/g)?.length ?? 0;
  return controls > text.length * MAX_CONTROL_SHARE;
}

/**
 * How much of `bytes` ends on a character boundary in `encoding`: a multi-byte sequence (or UTF-16
 * surrogate pair) cut by the end of a chunk is held back for the next one, so that every buffer decoded
 * is whole and an error in it can be placed.
 */
function wholeLength(bytes: Uint8Array, encoding: Encoding): number {
  const length = bytes.length;
  if (encoding === "utf-16le" || encoding === "utf-16be") {
    let whole = length - (length % 2);
    const unit = whole >= 2 ? (encoding === "utf-16le" ? bytes[whole - 1] : bytes[whole - 2]) : 0;
    if (unit >= 0xd8 && unit <= 0xdb) whole -= 2;
    return whole;
  }
  for (let i = length - 1; i >= Math.max(0, length - 4); i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte < 0x80 ? 1 : byte >= 0xf0 && byte <= 0xf7 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + size > length ? i : length;
  }
  return length;
}

/** The length of the longest start of `bytes` that decodes without error (an incomplete last character included). */
function validPrefix(bytes: Uint8Array, label: string): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder(label, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}

const count = (text: string, char: string) => {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
};

/**
 * Buffer chunks in, string chunks out. Holds the first 64 KiB back to detect the encoding, rejects a
 * binary file with an IngestError, then decodes chunk by chunk. Bytes that are not valid in the
 * encoding (Unicode ones; every byte is valid Windows-1252), and NUL, anywhere in the file, are an
 * IngestError naming the line and the byte offset: never replaced, never passed on.
 */
export class DecodeStream extends Transform {
  /** Known once the first 64 KiB (or the whole, shorter, file) has been read. */
  encoding: Encoding | undefined;
  bytesRead = 0;
  /** The SHA-256 of the file's bytes, hex: known once the file has been read whole. */
  sha256: string | undefined;
  private readonly hash = createHash("sha256");
  private head: Buffer[] = [];
  private headBytes = 0;
  private decoder: TextDecoder | undefined;
  /** Bytes decoded so far (not counting `carry`), and the line breaks in their text. */
  private bytesDecoded = 0;
  private lineBreaks = 0;
  /** The end of the last chunk, when it cut a character. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly file: string) {
    super({ readableObjectMode: true });
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytesRead += chunk.length;
    this.hash.update(chunk);
    try {
      if (this.decoder) {
        this.decodeBytes(chunk);
      } else {
        this.head.push(chunk);
        this.headBytes += chunk.length;
        if (this.headBytes >= ENCODING_SAMPLE_BYTES) this.start();
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  _flush(done: TransformCallback): void {
    try {
      if (!this.decoder) this.start();
      // a character cut by the end of the file
      if (this.carry.length > 0) this.fail(0, "the file ends in the middle of a character");
      this.sha256 = this.hash.digest("hex");
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private start(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.encoding = detectEncoding(head.subarray(0, ENCODING_SAMPLE_BYTES));
    const label = DECODER_LABELS[this.encoding];
    // Windows-1252 maps every byte, so it needs no check; the Unicode encodings are decoded strictly.
    this.decoder = new TextDecoder(label, { fatal: this.encoding !== "windows-1252" });
    const sample = new TextDecoder(label).decode(head.subarray(0, ENCODING_SAMPLE_BYTES), { stream: true });
    if (looksBinary(sample)) throw new IngestError(this.file, "file looks binary (NUL or control bytes), not a CSV export");
    this.decodeBytes(head);
  }

  /**
   * Decodes whole characters of `carry` + `chunk`. Bytes are only ever decoded with stream: true. Besides
   * carrying split sequences, it avoids a Node 20.18.3+ bug that decodes windows-1252 as Latin-1 without
   * it (nodejs/node#56542): 0x92 would become U+0092 instead of ’.
   */
  private decodeBytes(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = this.encoding === "windows-1252" ? bytes.length : wholeLength(bytes, this.encoding!);
    this.carry = Buffer.from(bytes.subarray(whole));
    const body = bytes.subarray(0, whole);
    let text: string;
    try {
      text = this.decoder!.decode(body, { stream: true });
    } catch {
      // a sequence the longest valid start ends with, held back as incomplete, is where the error is
      const valid = wholeLength(body.subarray(0, validPrefix(body, DECODER_LABELS[this.encoding!])), this.encoding!);
      this.fail(valid, `bytes that are not valid ${this.encoding === "utf-8" ? "UTF-8" : this.encoding!.toUpperCase()}`, body);
    }
    const nul = text.indexOf("\0");
    if (nul !== -1) {
      // the decoder drops the byte order mark from the text of the first bytes
      const bom = this.bytesDecoded === 0 ? (BOM_BYTES[this.encoding!] ?? 0) : 0;
      this.fail(bom + this.byteLength(text.slice(0, nul)), "a NUL byte, which no CSV export holds", body, text.slice(0, nul));
    }
    this.bytesDecoded += body.length;
    this.lineBreaks += count(text, "\n");
    if (text) this.push(text);
  }

  private byteLength(text: string): number {
    if (this.encoding === "windows-1252") return text.length;
    if (this.encoding === "utf-16le" || this.encoding === "utf-16be") return text.length * 2;
    return Buffer.byteLength(text, "utf8");
  }

  /** Throws the IngestError for a problem `offset` bytes into `body` (whose text before it is `before`, when known). */
  private fail(offset: number, what: string, body?: Buffer, before?: string): never {
    const prefix = before ?? (body ? new TextDecoder(DECODER_LABELS[this.encoding!]).decode(body.subarray(0, offset)) : "");
    const line = this.lineBreaks + count(prefix, "\n") + 1;
    throw new IngestError(this.file, `${what} at byte offset ${this.bytesDecoded + offset}`, line);
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
