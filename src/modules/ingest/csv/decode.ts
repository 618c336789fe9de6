// Encoding detection and streaming decode: the bytes of an uploaded export in, text out with the BOM stripped.
import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import { IngestError } from "../../../shared/errors";

/** Names as stored in `datasets.encoding` (Python codec names, as ThreatHunt stored them). */
export type Encoding = "utf-8-sig" | "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

/** The encoding is decided on this many leading bytes. */
const ENCODING_SAMPLE_BYTES = 64 * 1024;

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
 * Buffer chunks in, string chunks out. Holds the first 64 KiB back to detect the encoding, rejects a
 * binary file with an IngestError, then decodes chunk by chunk.
 */
export class DecodeStream extends Transform {
  /** Known once the first 64 KiB (or the whole, shorter, file) has been read. */
  encoding: Encoding | undefined;
  bytesRead = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  private decoder: TextDecoder | undefined;

  constructor(private readonly file: string) {
    super({ readableObjectMode: true });
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytesRead += chunk.length;
    try {
      if (this.decoder) {
        this.pushText(this.decoder.decode(chunk, { stream: true }));
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
      const decoder = this.decoder ?? this.start();
      this.pushText(decoder.decode());
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private start(): TextDecoder {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.encoding = detectEncoding(head.subarray(0, ENCODING_SAMPLE_BYTES));
    this.decoder = new TextDecoder(DECODER_LABELS[this.encoding]);
    // Bytes are only ever decoded with stream: true (the final flush passes none). Besides carrying split
    // sequences over to the next chunk, it avoids a Node 20.18.3+ bug that decodes windows-1252 as
    // Latin-1 without it (nodejs/node#56542): 0x92 would become U+0092 instead of ’.
    const text = this.decoder.decode(head, { stream: true });
    if (looksBinary(text)) throw new IngestError(this.file, "file looks binary (NUL or control bytes), not a CSV export");
    this.pushText(text);
    return this.decoder;
  }

  private pushText(text: string): void {
    if (text) this.push(text);
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
