// The hand-written CSV parser against csv-parse (which ingestion used before, with the same options):
// same records, same line numbers, same errors, however the text is cut into chunks.
import { parse } from "csv-parse/sync";
import { CsvParser, lineBreaks } from "../../../../../src/modules/ingest/csv/csv-parser";
import { IngestError } from "../../../../../src/shared/errors";

interface Outcome {
  records: Array<{ cells: string[]; line: number }>;
  error?: { reason: string; line: number | undefined };
}

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "malformed quoting: a quoted field is never closed",
  CSV_INVALID_CLOSING_QUOTE: 'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
  INVALID_OPENING_QUOTE: "malformed quoting: a quote inside an unquoted field",
  CSV_MAX_RECORD_SIZE: "row larger than 1 MiB",
};

/** What csv-parse makes of the text, lines counted as the reader used to (1 + line breaks inside each record). */
function reference(text: string, delimiter: string): Outcome {
  const records: Outcome["records"] = [];
  let line = 1;
  try {
    parse(text, {
      delimiter,
      relax_column_count: true,
      on_record: (cells: string[]) => {
        records.push({ cells, line });
        line += 1 + cells.reduce((sum, cell) => sum + lineBreaks(cell), 0);
        return null;
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined || !(code in REASONS)) throw error;
    return { records, error: { reason: REASONS[code], line } };
  }
  return { records };
}

function parsed(chunks: string[], delimiter: string, maxRecord?: number): Outcome {
  const records: Outcome["records"] = [];
  const parser = new CsvParser(delimiter, "test.csv", (cells, line) => records.push({ cells, line }), maxRecord);
  try {
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return { records, error: { reason: error.reason, line: error.line } };
  }
  return { records };
}

/** The text cut at random places (seeded), into pieces of 1 to `max` characters. */
function cut(text: string, seed: number, max: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(next() * max);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

function expectSame(text: string, delimiter = ","): void {
  const expected = reference(text, delimiter);
  expect(parsed([text], delimiter)).toEqual(expected);
  for (const [seed, max] of [
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 7],
    [5, 64],
  ]) {
    expect(parsed(cut(text, seed, max), delimiter)).toEqual(expected);
  }
}

describe("CsvParser reads as csv-parse did", () => {
  it.each([
    ["LF lines", "host,ip\nws1,10.0.0.1\nws2,10.0.0.2\n"],
    ["CRLF lines", "host,ip\r\nws1,10.0.0.1\r\nws2,10.0.0.2\r\n"],
    ["CR lines", "host,ip\rws1,10.0.0.1\rws2,10.0.0.2\r"],
    ["no line break at the end", "host,ip\nws1,10.0.0.1"],
    ["blank lines everywhere", "\n\nhost,ip\n\n\nws1,10.0.0.1\n\n"],
    ["blank CRLF lines", "\r\nhost,ip\r\n\r\nws1,10.0.0.1\r\n\r\n"],
    ["a lone CR inside an LF file is text", "host,ip\nws1\r,10.0.0.1\r\nws2,x\n"],
    ["a lone LF inside a CRLF file is text", "host,ip\r\nws\n1,10.0.0.1\r\nws2,x\r\n"],
    ["a CR not followed by LF in a CRLF file", "a,b\r\n1,2\r3\r\n4,5\r\n"],
    ["empty fields and ragged rows", "a,b,c\n,,\n1\n1,2,3,4,5\n,\n"],
    ["quoted fields", 'a,b\n"x","y"\n"x,y","z"\n'],
    ["escaped quotes", 'a,b\n"say ""hi""",""""\n"",x\n'],
    ["line breaks in quoted fields", 'a,b\n"one\ntwo",x\n"three\r\nfour\rfive",y\n"\n",z\n'],
    ["a quoted field at the very end", 'a,b\n1,"two"'],
    ["a quoted empty field alone on a line", 'a\n""\nb\n'],
    ["a quoted field then an empty field", 'a,b,c\n"x",,"y"\n'],
    ["the first line break inside quotes does not decide", 'a,"b\nc"\r\n1,2\r\n'],
    ["unicode", "nom,ville\nFrançois,Zürich\n😀,\u2028\n"],
    ["delimiter-only lines", ",\n,,\n"],
  ])("%s", (_, text) => expectSame(text));

  it.each([
    ["tab", "\t", 'a\tb\n"x\ty"\tz\n1\t2\n'],
    ["semicolon", ";", "a;b\r\n0,21;1,75\r\n"],
    ["pipe", "|", "a|b\n|\n1|2|3\n"],
  ])("with the %s delimiter", (_, delimiter, text) => expectSame(text, delimiter));

  it.each([
    ["a quote never closed", 'a,b\n1,"x\n2,3\n'],
    ["a quote never closed after quoted line breaks", 'a,b\r\n1,"x\r\ny"\r\n\r\n2,"never closed\r\n3,4\r\n'],
    ["text after a closing quote", 'a,b\n1,2\n"x"y,3\n'],
    ["a space after a closing quote", 'a,b\n"x" ,3\n'],
    ["a quote inside an unquoted field", 'host,cmd\nws1,echo "hi"\n'],
    ["a quote right after text", 'a,b\nx"y",z\n'],
    ["a lone CR after a closing quote in a CRLF file", 'a,b\r\n"x"\ry\r\n'],
  ])("fails on %s, naming the record's line", (_, text) => {
    expect(reference(text, ",").error).toBeDefined();
    expectSame(text);
  });

  it("reads random exports the same way", () => {
    let state = 42;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const field = () =>
      pick([
        () => "",
        () => "plain",
        () => "10.0.0.1",
        () => "é ü 😀",
        () => '"quoted, with delimiter"',
        () => '"with ""quotes"""',
        () => '"multi\nline"',
        () => '"multi\r\nline"',
        () => '"cr\rline"',
        () => "back\\slash",
        () => "tab\there",
        () => "",
        () => (random() < 0.3 ? "stray\rcr" : "x"),
        () => (random() < 0.3 ? "stray\nlf" : "y"),
        () => (random() < 0.1 ? 'bad"quote' : "z"),
        () => (random() < 0.1 ? '"closed"then' : "w"),
        () => (random() < 0.05 ? '"never closed' : "v"),
      ])();
    for (let round = 0; round < 300; round++) {
      const eol = pick(["\n", "\r\n", "\r"]);
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 12);
      for (let i = 0; i < count; i++) {
        const width = Math.floor(random() * 5);
        lines.push(Array.from({ length: width }, field).join(","));
      }
      const text = lines.join(eol) + (random() < 0.5 ? eol : "");
      expectSame(text);
    }
  });
});

describe("CsvParser", () => {
  it("numbers records by the physical line they start on", () => {
    const { records } = parsed(['a,b\n"1\n2",x\n\n3,4\n'], ",");
    expect(records).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: ["1\n2", "x"], line: 2 },
      { cells: [""], line: 4 },
      { cells: ["3", "4"], line: 5 },
    ]);
  });

  it("refuses a record whose fields hold more than the limit, quoted or not, even unfinished", () => {
    const error = { reason: "row larger than 1 MiB", line: 2 };
    expect(parsed(["h\n", "x".repeat(11), "\n"], ",", 10).error).toEqual(error);
    expect(parsed(["h\n", "x".repeat(6), ",", "y".repeat(5), "\n"], ",", 10).error).toEqual(error);
    expect(parsed(["h\n", '"', "x".repeat(11)], ",", 10).error).toEqual(error);
    expect(parsed(["h\n", '"x""', "x".repeat(9), '"\n'], ",", 10).error).toEqual(error);
    expect(parsed(["h\n", "x".repeat(10), "\n"], ",", 10)).toEqual({
      records: [
        { cells: ["h"], line: 1 },
        { cells: ["x".repeat(10)], line: 2 },
      ],
    });
  });

  it("refuses an unfinished record as soon as it is over the limit, without waiting for its end", () => {
    const parser = new CsvParser(",", "big.csv", () => undefined, 100);
    parser.push("h\n");
    expect(() => parser.push("x".repeat(150))).toThrow("big.csv line 2: row larger than 1 MiB");
  });
});
