// COPY text formatting of rows and index entries: the JSON of a row is exactly JSON.stringify of the
// objects the profiler builds, and everything is escaped for COPY's text format.
import { BytesBlob } from "../../../src/database/copy";
import { copyJsonString, copyText } from "../../../src/database/copy-text";
import { mapColumns } from "../../../src/modules/ingest/profile/column-names";
import { CopyRowEncoder } from "../../../src/modules/ingest/row-encoder";
import { CopyOccurrenceEncoder, TimestampFormatter } from "../../../src/modules/occurrence/copy-encoder";
import type { OccurrenceEntry } from "../../../src/modules/occurrence/entry";
import { IocType } from "../../../src/shared/ioc-type";
import { normalizeRow, rowObject } from "../../support/rows";

/** The COPY line the import wrote before it formatted rows by hand. */
function copyLineOfObjects(
  datasetId: string,
  rowIndex: number,
  header: string[],
  cells: string[],
  mapping: Record<string, string>,
): string {
  const json = (value: object) => JSON.stringify(value).replace(/\\/g, "\\\\");
  return `${datasetId}\t${rowIndex}\t${json(rowObject(header, cells))}\t${json(normalizeRow(header, cells, mapping))}\n`;
}

/** COPY text format read back: what PostgreSQL stores for one column's text. */
function unescapeCopy(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r" })[c] ?? c);
}

describe("copyJsonString", () => {
  it.each([
    ["plain text", "svchost.exe", "svchost.exe"],
    ["an empty string", "", ""],
    ["a backslash, doubled by JSON and again by COPY", "C:\\Windows", "C:\\\\\\\\Windows"],
    ["a quote", 'say "hi"', 'say \\\\"hi\\\\"'],
    ["a tab", "a\tb", "a\\\\tb"],
    ["line breaks", "a\nb\r\nc", "a\\\\nb\\\\r\\\\nc"],
    ["other control characters", "\u0000\u0001\u001f", "\\\\u0000\\\\u0001\\\\u001f"],
    ["DEL, which JSON leaves alone", "\u007f", "\u007f"],
    ["accents and emoji", "Zürich 😀", "Zürich 😀"],
    ["U+2028, which JSON.stringify leaves alone", "a\u2028b", "a\u2028b"],
    ["a lone surrogate", "a\ud800b", "a\\\\ud800b"],
  ])("%s", (_, value, expected) => {
    expect(copyJsonString(value)).toBe(expected);
    // Read back by COPY, it is the JSON string's content.
    expect(unescapeCopy(copyJsonString(value))).toBe(JSON.stringify(value).slice(1, -1));
  });
});

describe("copyText", () => {
  it("escapes backslashes, tabs, line feeds and carriage returns, and nothing else", () => {
    expect(copyText("plain é 😀")).toBe("plain é 😀");
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(unescapeCopy(copyText("a\\b\tc\nd\re\\n"))).toBe("a\\b\tc\nd\re\\n");
  });
});

describe("CopyRowEncoder", () => {
  const datasetId = "0123456789abcdef0123456789abcdef";

  function expectSameLines(header: string[], rows: string[][]): void {
    const columns = [...header];
    const mapping = mapColumns(columns);
    const encoder = new CopyRowEncoder(datasetId, columns, mapping);
    rows.forEach((cells, i) => {
      expect(encoder.line(i, cells)).toBe(copyLineOfObjects(datasetId, i, columns, cells, mapping));
    });
  }

  it("writes a row as JSON.stringify of its raw and canonical objects", () => {
    expectSameLines(
      ["Timestamp", "Hostname", "Laddr.IP", "Name", "CommandLine"],
      [
        ["2024-03-01 00:00:00", "WKS-0001", "10.0.0.1", "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs"],
        ["", "", "", "", ""],
        ["2024-03-01 00:00:01", 'say "hi"', "\t", "a\nb\r\nc", "\u0000\u001b[31m"],
        ["Zürich", "😀", "\ud83d", "\u2028", "back\\slash\\"],
      ],
    );
  });

  it("places integer-like keys first, as JavaScript objects do", () => {
    expectSameLines(["b", "10", "a", "2", "0"], [["1", "2", "3", "4", "5"]]);
  });

  it("keeps a column named __proto__ as a key", () => {
    expectSameLines(["__proto__", "constructor", "toString"], [["10.0.0.1", "x", "y"]]);
  });

  it("escapes keys with quotes, backslashes and control characters", () => {
    expectSameLines(['say "hi"', "C:\\dir", "tab\there", "new\nline"], [["1", "2", "3", "4"]]);
  });

  it("writes rows of any width, extra columns included, as the columns grow", () => {
    const columns = ["host", "ip"];
    const mapping = mapColumns(columns);
    const encoder = new CopyRowEncoder(datasetId, columns, mapping);
    expect(encoder.line(0, ["ws1", "10.0.0.1"])).toBe(copyLineOfObjects(datasetId, 0, columns, ["ws1", "10.0.0.1"], mapping));
    columns.push("extra_1");
    mapping.extra_1 = "extra_1";
    const long = ["ws2", "10.0.0.2", "more"];
    expect(encoder.line(1, long)).toBe(copyLineOfObjects(datasetId, 1, columns, long, mapping));
    expect(encoder.line(2, ["ws3", "10.0.0.3"])).toBe(copyLineOfObjects(datasetId, 2, columns, ["ws3", "10.0.0.3"], mapping));
  });

  it("writes a repeated canonical name once, in its first place, with the last value", () => {
    const columns = ["a", "b", "c"];
    const mapping = { a: "x", b: "y", c: "x" };
    const encoder = new CopyRowEncoder(datasetId, columns, mapping);
    expect(encoder.line(0, ["1", "2", "3"])).toBe(`${datasetId}\t0\t{"a":"1","b":"2","c":"3"}\t{"x":"3","y":"2"}\n`);
  });

  it("has exactly four tab-separated fields and one line feed per row, whatever the values", () => {
    const columns = ["a", "b"];
    const encoder = new CopyRowEncoder(datasetId, columns, mapColumns(columns));
    const line = encoder.line(7, ["\t\n\r\\", '"\t"']);
    expect(line.split("\t")).toHaveLength(4);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    const [, , data, normalized] = line.slice(0, -1).split("\t").map(unescapeCopy);
    expect(JSON.parse(data)).toEqual({ a: "\t\n\r\\", b: '"\t"' });
    expect(JSON.parse(normalized)).toEqual({ a: "\t\n\r\\", b: '"\t"' });
  });
});

describe("TimestampFormatter", () => {
  it("writes UTC timestamps to the millisecond, and \\N for none", () => {
    const formatter = new TimestampFormatter();
    for (const iso of [
      "2024-03-01T00:00:00.000Z",
      "2024-03-01T23:59:59.999Z",
      "2024-02-29T12:05:07.050Z",
      "1969-12-31T23:59:59.001Z",
      "0024-03-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
    ]) {
      const expected = `${iso.slice(0, 10)} ${iso.slice(11, 23)}+00`;
      expect(formatter.format(new Date(iso).getTime())).toBe(expected);
      expect(formatter.format(new Date(iso).getTime())).toBe(expected); // from the cache
    }
    expect(formatter.format(NaN)).toBe("\\N");
  });
});

describe("CopyOccurrenceEncoder", () => {
  const entry: OccurrenceEntry = {
    column: "Raddr\tIP",
    type: IocType.IP,
    fromIocColumn: true,
    value: "10.0.0.1",
    raw: "010.000.000.001",
    occurrences: 3,
    firstRowIndex: 17,
    firstSeen: Date.UTC(2024, 2, 1, 9, 0, 0, 250),
    lastSeen: NaN,
    hosts: null,
  };

  it("writes an index entry for ioc_occurrences", () => {
    const encoder = new CopyOccurrenceEncoder("d1", "h1");
    expect(encoder.line(entry)).toBe("d1\th1\tRaddr\\tIP\tip\tt\t10.0.0.1\t010.000.000.001\t3\t17\t2024-03-01 09:00:00.250+00\t\\N\t\\N\n");
    expect(encoder.line({ ...entry, type: IocType.HOSTNAME, fromIocColumn: false })).toContain("\tRaddr\\tIP\thostname\tf\t10.0.0.1\t");
    expect(new CopyOccurrenceEncoder("d1", null).line(entry).startsWith("d1\t\\N\t")).toBe(true);
    // hosts as a text[] literal, each name quoted, quotes and backslashes escaped (then doubled for COPY)
    expect(encoder.line({ ...entry, hosts: ["WS-01", 'A"B', "C\\D"] }).endsWith('\t{"WS-01","A\\\\"B","C\\\\\\\\D"}\n')).toBe(true);
  });
});

describe("BytesBlob", () => {
  it("serves its bytes, uncopied, through arrayBuffer(), as PGlite reads a COPY blob", async () => {
    const bytes = new TextEncoder().encode("d1\t0\t{}\t{}\n").buffer;
    const blob = new BytesBlob(bytes);
    expect(blob).toBeInstanceOf(Blob);
    expect(await blob.arrayBuffer()).toBe(bytes);
  });
});

describe("the plain rows CopyRowEncoder is checked against", () => {
  it("keys a row by canonical names", () => {
    expect(normalizeRow(["Laddr.IP", "Name"], ["10.0.0.1", "svchost.exe"], { "Laddr.IP": "src_ip", Name: "process_name" })).toEqual({
      src_ip: "10.0.0.1",
      process_name: "svchost.exe",
    });
  });

  it("keeps a column named __proto__ as an own field", () => {
    const data = rowObject(["__proto__", "host"], ["10.0.0.1", "ws1"]);
    expect(Object.keys(data)).toEqual(["__proto__", "host"]);
    expect(JSON.stringify(data)).toBe('{"__proto__":"10.0.0.1","host":"ws1"}');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
});
