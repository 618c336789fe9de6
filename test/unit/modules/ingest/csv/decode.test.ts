import { Readable } from "node:stream";
import { DecodeStream, detectEncoding, looksBinary } from "../../../../../src/modules/ingest/csv/decode";
import { IngestError } from "../../../../../src/shared/errors";

const KIB = 1024;

/** Feeds `bytes` to a DecodeStream in chunks of `chunkSize` and collects the text. */
async function decode(bytes: Buffer, chunkSize = bytes.length || 1, file = "test.csv") {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const decoder = new DecodeStream(file);
  let text = "";
  for await (const chunk of Readable.from(chunks).pipe(decoder)) text += chunk;
  return { text, encoding: decoder.encoding, bytesRead: decoder.bytesRead };
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

describe("detectEncoding", () => {
  it.each([
    ["a UTF-8 BOM", Buffer.from([0xef, 0xbb, 0xbf, 0x61]), "utf-8-sig"],
    ["a UTF-16 LE BOM", Buffer.from([0xff, 0xfe, 0x61, 0x00]), "utf-16le"],
    ["a UTF-16 BE BOM", Buffer.from([0xfe, 0xff, 0x00, 0x61]), "utf-16be"],
    ["plain ASCII", Buffer.from("host,ip\n"), "utf-8"],
    ["UTF-8 without BOM", Buffer.from("Résultat,Größe\n"), "utf-8"],
    ["an empty sample", Buffer.alloc(0), "utf-8"],
    ["Latin-1 bytes (é as 0xE9)", Buffer.from("R\xe9sultat\n", "latin1"), "windows-1252"],
    ["Windows-1252 bytes (’ as 0x92)", Buffer.from("d\x92ouverture\n", "latin1"), "windows-1252"],
    ["an invalid UTF-8 sequence before the end", Buffer.from([0x61, 0xc3, 0x28, 0x61]), "windows-1252"],
  ])("detects %s", (_, sample, encoding) => {
    expect(detectEncoding(sample)).toBe(encoding);
  });

  it.each([
    ["é", 1],
    ["€", 1],
    ["€", 2],
    ["😀", 3],
  ])("keeps UTF-8 when the sample ends inside %s (%i byte(s) of it)", (char, kept) => {
    const sample = Buffer.concat([Buffer.from("a".repeat(100)), Buffer.from(char).subarray(0, kept)]);
    expect(detectEncoding(sample)).toBe("utf-8");
  });
});

describe("looksBinary", () => {
  it.each([
    { what: "text with a NUL", text: "host\0,ip", binary: true },
    { what: "tabs, CR and LF", text: "host\tip\r\nws1\t10.0.0.1\r\n", binary: false },
    { what: "1 control character in 20", text: "a".repeat(19) + "\x07", binary: false },
    { what: "1 control character in 19", text: "a".repeat(18) + "\x07", binary: true },
    { what: "empty text", text: "", binary: false },
  ])("$what: binary $binary", ({ text, binary }) => {
    expect(looksBinary(text)).toBe(binary);
  });
});

describe("DecodeStream", () => {
  it("strips a UTF-8 BOM", async () => {
    const result = await decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("host,ip\n")]));
    expect(result).toEqual({ text: "host,ip\n", encoding: "utf-8-sig", bytesRead: 11 });
  });

  it("decodes UTF-16 LE and strips its BOM, even when chunks split code units", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Résultat;Größe\r\n", "utf16le")]);
    expect(await decode(bytes, 3)).toEqual({ text: "Résultat;Größe\r\n", encoding: "utf-16le", bytesRead: 34 });
  });

  it("decodes UTF-16 BE and strips its BOM", async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be("host,ip\n")]);
    expect(await decode(bytes)).toEqual({ text: "host,ip\n", encoding: "utf-16be", bytesRead: 18 });
  });

  it("decodes the bytes Windows-1252 and Latin-1 disagree on as Windows-1252", async () => {
    const { text, encoding } = await decode(Buffer.from([0x80, 0x92, 0x96, 0xe9, 0x0a]));
    expect(encoding).toBe("windows-1252");
    expect(text).toBe("€’–é\n");
  });

  it("detects UTF-8 although the 64 KiB sample cuts a character, and decodes it whole", async () => {
    const text = "a".repeat(64 * KIB - 1) + "é\n" + "ü,ß\n".repeat(1000);
    const bytes = Buffer.from(text);
    expect(bytes[64 * KIB - 1]).toBe(0xc3); // the sample ends on the first byte of é
    expect(await decode(bytes, 1000)).toEqual({ text, encoding: "utf-8", bytesRead: bytes.length });
  });

  it("decodes a UTF-16 file larger than the sample read in odd-sized chunks", async () => {
    const text = "host,user\r\n" + "WS-FIN-042,françois.dupré\r\n".repeat(3000);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(bytes.length).toBeGreaterThan(64 * KIB);
    expect(await decode(bytes, 333)).toEqual({ text, encoding: "utf-16le", bytesRead: bytes.length });
  });

  it("rejects a PNG as binary", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await expect(decode(png, 16, "image.png")).rejects.toThrow(
      new IngestError("image.png", "file looks binary (NUL or control bytes), not a CSV export"),
    );
  });

  it("rejects a ZIP (an .xlsx) as binary", async () => {
    const zip = Buffer.concat([Buffer.from("504b0304140006000800000021", "hex"), Buffer.from("[Content_Types].xml")]);
    await expect(decode(zip, 16, "export.xlsx")).rejects.toThrow("export.xlsx: file looks binary");
  });

  it("rejects control-character noise without NUL bytes as binary", async () => {
    await expect(decode(Buffer.from("\x01\x02\x03\x04abc\x05\x06"))).rejects.toThrow(IngestError);
  });

  it("rejects a UTF-16 file whose text holds NUL characters", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ab\0\0cd", "utf16le")]);
    await expect(decode(bytes)).rejects.toThrow("test.csv: file looks binary");
  });

  describe("past the 64 KiB the encoding is decided on", () => {
    /** 100 lines of 1,000 ASCII bytes (100,000 bytes, line breaks included): lines 1-100, then `tail`. */
    const body = (tail: Buffer) => Buffer.concat([Buffer.from(`${"x".repeat(999)}\n`.repeat(100)), tail]);

    it.each([1000, 4096, 64 * KIB])("refuses bytes that are not UTF-8, naming the line and byte offset (chunks of %i)", async (size) => {
      const bytes = body(Buffer.concat([Buffer.from("ok,caf"), Buffer.from([0xe9]), Buffer.from(",more\n")]));
      await expect(decode(bytes, size, "proxy.csv")).rejects.toThrow(
        new IngestError("proxy.csv", "bytes that are not valid UTF-8 at byte offset 100006", 101),
      );
    });

    it("refuses a NUL byte, naming the line and byte offset", async () => {
      const bytes = body(Buffer.from("a,b\nc,\0d\n"));
      await expect(decode(bytes, 4096)).rejects.toThrow(
        new IngestError("test.csv", "a NUL byte, which no CSV export holds at byte offset 100006", 102),
      );
    });

    it("refuses a file that ends in the middle of a character", async () => {
      const bytes = body(Buffer.from([0x61, 0xe2, 0x82]));
      await expect(decode(bytes, 4096)).rejects.toThrow(
        new IngestError("test.csv", "the file ends in the middle of a character at byte offset 100001", 101),
      );
    });

    it("decodes characters that chunks cut anywhere, in UTF-8 and UTF-16", async () => {
      const text = `${"x".repeat(70_000)}\n€ 𝄞 ü,€\n`;
      for (const size of [1, 2, 3, 5, 4096]) {
        expect((await decode(Buffer.from(text), size > 3 ? size : 65_536 + size)).text).toBe(text);
        const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
        expect((await decode(utf16, size > 3 ? size : 65_536 + size)).text).toBe(text);
      }
    });

    it("refuses a lone UTF-16 surrogate", async () => {
      const bytes = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${"x".repeat(40_000)}\nab`, "utf16le"),
        Buffer.from([0x00, 0xd8, 0x41, 0x00]),
      ]);
      await expect(decode(bytes, 4096)).rejects.toThrow(/^test\.csv line 2: bytes that are not valid UTF-16LE at byte offset 80008$/);
    });
  });
});
