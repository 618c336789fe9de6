// The profile of each good export in test/fixtures/, and the rows both ingestion tests check, worked out
// by hand from the file (never from the code): what the profiler makes of it (profile.test.ts) and what
// an import stores (ingest.api.test.ts).
import type { DatasetProfile } from "../../src/modules/ingest/profile/profiler";
import type { IocType } from "../../src/shared/ioc-type";

/** Everything DatasetProfile records but the file size (the file's own, read from disk by each test). */
export interface FixtureProfile extends Omit<DatasetProfile, "fileSizeBytes" | "iocColumns"> {
  /** IOC types as their values: toEqual compares the enum's strings. */
  iocColumns: Record<string, `${IocType}`>;
}

/** By file name, in the order the ingestion tests import them. */
export const FIXTURE_PROFILES = {
  "velociraptor-netstat.csv": {
    // sha256sum test/fixtures/velociraptor-netstat.csv
    contentSha256: "e00706cb4b40c05c9faad9618e6def4fc5bced4cc89c3f7501e5c84b9624f786",
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
    timeRangeStart: new Date("2024-03-12T08:02:11Z"), // OUTLOOK.EXE, 7th row: rows are not in time order
    timeRangeEnd: new Date("2024-03-12T09:21:56Z"),
    rowCount: 8,
    encoding: "utf-8",
    delimiter: ",",
    paddedRows: 0,
    extendedRows: 0,
  },
  "sysmon-utf16le.csv": {
    // sha256sum test/fixtures/sysmon-utf16le.csv
    contentSha256: "53ade060e3a92367e5311eeb2a5ab577342c75bb0b40dfc99f26293c79c70710",
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
    // No column maps to the canonical `timestamp`: no time range.
    timeRangeStart: null,
    timeRangeEnd: null,
    rowCount: 5,
    encoding: "utf-16le",
    delimiter: ",",
    paddedRows: 0,
    extendedRows: 0,
  },
  "proxy-semicolon.csv": {
    // sha256sum test/fixtures/proxy-semicolon.csv
    contentSha256: "d1edd4e75f21077d3f87ec40718a4c58634c3c9a4e448239034609ec07d91d35",
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
    // Month first, as ThreatHunt tries it: 13/03 is 13 March, 12/03 is 3 December.
    timeRangeStart: new Date("2024-03-13T08:01:17Z"),
    timeRangeEnd: new Date("2024-12-03T23:59:58Z"),
    rowCount: 5,
    encoding: "utf-8-sig",
    delimiter: ";",
    paddedRows: 0,
    extendedRows: 0,
  },
  "edr-process-multiline.csv": {
    // sha256sum test/fixtures/edr-process-multiline.csv
    contentSha256: "ff0f4575504a00833c77d3068f3e0a9175bea848830d337a03c671a646fc8674",
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
    paddedRows: 0,
    extendedRows: 0,
  },
  "ragged-firewall.csv": {
    // sha256sum test/fixtures/ragged-firewall.csv
    contentSha256: "77df447834e32d0bf99df7cec7c6dbec8a1205d9721331f56139e295c2765048",
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
    paddedRows: 2,
    extendedRows: 2,
  },
  "logons-cp1252.csv": {
    // sha256sum test/fixtures/logons-cp1252.csv
    contentSha256: "bf695b23db874b84b9d2757b8a789db83374c962b6a98bf6d515b8d3c5db42f4",
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
    paddedRows: 0,
    extendedRows: 0,
  },
  "osquery-processes.tsv": {
    // sha256sum test/fixtures/osquery-processes.tsv
    contentSha256: "4aeaef8cf76909331c2af7a6913e3dcb2cf688b9245df83aa1926d597a8ab00d",
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
    paddedRows: 0,
    extendedRows: 0,
  },
} satisfies Record<string, FixtureProfile>;

export type ProfiledFixture = keyof typeof FIXTURE_PROFILES;

/** Row 4 of velociraptor-netstat.csv: raw cells keyed by the header, and keyed by canonical names. */
export const NETSTAT_ROW_4 = {
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
};

/** The raw cells of row 2 of ragged-firewall.csv: two more than the header, kept as extra_1 and extra_2. */
export const RAGGED_FIREWALL_ROW_2 = {
  timestamp: "2024-03-12T09:22:10Z",
  src_ip: "10.20.30.42",
  dst_ip: "185.220.101.34",
  dst_port: "8443",
  action: "deny",
  message: "policy 12",
  extra_1: " rule 4",
  extra_2: " geo RU",
};
