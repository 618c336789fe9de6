import { canonicalColumnName, fallbackColumnName, mapColumns, snakeCase } from "../../../../../src/modules/ingest/profile/column-names";
import { inferColumnTypes, valueType, type ColumnType } from "../../../../../src/modules/ingest/profile/column-types";
import { detectIocColumns } from "../../../../../src/modules/ingest/profile/ioc-columns";
import { TimeRangeTracker, parseTimestamp } from "../../../../../src/modules/ingest/profile/timestamps";

describe("valueType", () => {
  it.each<[string, ColumnType]>([
    ["10.20.30.42", "ip"],
    ["0.0.0.0", "ip"],
    ["255.255.255.255", "ip"],
    ["192.168.001.010", "ip"],
    [" 10.0.0.1 ", "ip"],
    ["256.1.1.1", "string"],
    ["10.0.0", "string"],
    ["10.0.0.1.5", "string"],
    ["3999c6206dc82f6f4d91b771cf7e1225", "hash_md5"],
    ["3999C6206DC82F6F4D91B771CF7E1225", "hash_md5"],
    ["12345678901234567890123456789012", "hash_md5"],
    ["e978f868350d50ebe88342ab8b4357a4dc01753f", "hash_sha1"],
    ["F0D8FD22F47DA6E98734AF4904053EFD0AC6B1B70E10293C7EEAD9910BD7C4D6", "hash_sha256"],
    ["3999c6206dc82f6f4d91b771cf7e12251", "string"],
    ["3999c6206dc82f6f4d91b771cf7e122g", "string"],
    ["0", "integer"],
    ["-42", "integer"],
    ["+7", "integer"],
    ["1710230400", "integer"],
    ["3.14", "float"],
    ["-0.5", "float"],
    [".5", "float"],
    ["1.5e3", "float"],
    ["0,25", "string"],
    ["1e5", "string"],
    ["2024-03-12T09:14:03Z", "timestamp"],
    ["2024-03-12 09:14", "timestamp"],
    ["2024/03/12 09:14:03", "timestamp"],
    ["2024-03-12T09:14:03.1234567+01:00", "timestamp"],
    ["2024-03-12", "string"],
    ["12/03/2024 09:14:03", "string"],
    ["2024-03-12/09:14", "string"],
    ["evil.com", "domain"],
    ["WS-FIN-042.corp.example.com", "domain"],
    ["svchost.exe", "domain"],
    ["xn--80ak6aa92e.com", "domain"],
    ["evil.c", "string"],
    ["example.123", "string"],
    ["-bad.example.com", "string"],
    ["a..com", "string"],
    ["http://evil.com", "string"],
    ["C:\\Windows\\System32\\cmd.exe", "path"],
    ["/usr/bin/python3", "path"],
    ["D:\\data\\x.exe", "string"],
    ["c:\\windows\\x.exe", "string"],
    ["System", "string"],
    ["CORP\\jdoe", "string"],
  ])("%j is %s", (value, type) => {
    expect(valueType(value)).toBe(type);
  });
});

describe("inferColumnTypes", () => {
  const infer = (values: string[]) =>
    inferColumnTypes(
      ["c"],
      values.map((value) => [value]),
    ).c;

  it("takes the most frequent type", () => {
    expect(infer(["1", "2", "x"])).toBe("integer");
    expect(infer(["x", "y", "1"])).toBe("string");
  });

  it("ignores empty and blank cells", () => {
    expect(infer(["", "  ", "", "10.0.0.1"])).toBe("ip");
  });

  it("ignores cells a short row does not have", () => {
    expect(inferColumnTypes(["a", "b"], [["1"], ["2", "evil.com"]])).toEqual({ a: "integer", b: "domain" });
  });

  it('says "string" for a column without values', () => {
    expect(infer(["", "", ""])).toBe("string");
    expect(inferColumnTypes(["a"], [])).toEqual({ a: "string" });
  });

  it("breaks ties by the order ip, hashes, integer, float, timestamp, domain, path, string", () => {
    expect(infer(["1", "1.5"])).toBe("integer");
    expect(infer(["evil.com", "10.0.0.1"])).toBe("ip");
    expect(infer(["/bin/sh", "bash"])).toBe("path");
    expect(infer(["2024-03-12 09:14", "evil.com", "x"])).toBe("timestamp");
  });

  it("looks at the first 100 rows only", () => {
    expect(infer([...Array<string>(100).fill("x"), ...Array<string>(150).fill("1")])).toBe("string");
    expect(infer([...Array<string>(51).fill("1"), ...Array<string>(49).fill("x"), ...Array<string>(150).fill("y")])).toBe("integer");
  });
});

describe("canonicalColumnName", () => {
  // Every accepted raw name of reference §2.3, with case and underscore variants.
  it.each<[string, string]>([
    ["timestamp", "timestamp"],
    ["Timestamp", "timestamp"],
    ["time", "timestamp"],
    ["event_time", "timestamp"],
    ["EventTime", "timestamp"],
    ["date_time", "timestamp"],
    ["datetime", "timestamp"],
    ["create_at", "timestamp"],
    ["created_at", "timestamp"],
    ["createdtime", "timestamp"],
    ["create_date", "timestamp"],
    ["CreatedDate", "timestamp"],
    ["modified_at", "timestamp"],
    ["modifiedtime", "timestamp"],
    ["modified_date", "timestamp"],
    ["mtime", "timestamp"],
    ["ctime", "timestamp"],
    ["atime", "timestamp"],
    ["start_time", "timestamp"],
    ["StartTime", "timestamp"],
    ["end_time", "timestamp"],
    ["endtime", "timestamp"],
    ["System.TimeCreated", "timestamp"],
    ["hostname", "hostname"],
    ["Host", "hostname"],
    ["FQDN", "hostname"],
    ["computer_name", "hostname"],
    ["ComputerName", "hostname"],
    ["system_name", "hostname"],
    ["SystemName", "hostname"],
    ["MachineName", "hostname"],
    ["ClientId", "hostname"],
    ["os", "os"],
    ["operating_system", "os"],
    ["OperatingSystem", "os"],
    ["os_version", "os"],
    ["osname", "os"],
    ["platform", "os"],
    ["os_type", "os"],
    ["source_ip", "src_ip"],
    ["SourceIp", "src_ip"],
    ["src_ip", "src_ip"],
    ["srcip", "src_ip"],
    ["srcaddr", "src_ip"],
    ["local_address", "src_ip"],
    ["LocalAddress", "src_ip"],
    ["SourceAddress", "src_ip"],
    ["Laddr.IP", "src_ip"],
    ["laddrip", "src_ip"],
    ["dest_ip", "dst_ip"],
    ["destip", "dst_ip"],
    ["dst_ip", "dst_ip"],
    ["DstIp", "dst_ip"],
    ["dstaddr", "dst_ip"],
    ["remote_address", "dst_ip"],
    ["RemoteAddress", "dst_ip"],
    ["DestinationAddress", "dst_ip"],
    ["destaddress", "dst_ip"],
    ["destination_ip", "dst_ip"],
    ["DestinationIp", "dst_ip"],
    ["Raddr.IP", "dst_ip"],
    ["raddrip", "dst_ip"],
    ["ip_address", "ip_address"],
    ["IPAddress", "ip_address"],
    ["ip", "ip_address"],
    ["source_port", "src_port"],
    ["SourcePort", "src_port"],
    ["src_port", "src_port"],
    ["srcport", "src_port"],
    ["LocalPort", "src_port"],
    ["Laddr.Port", "src_port"],
    ["laddrport", "src_port"],
    ["dest_port", "dst_port"],
    ["destport", "dst_port"],
    ["dst_port", "dst_port"],
    ["dstport", "dst_port"],
    ["RemotePort", "dst_port"],
    ["DestinationPort", "dst_port"],
    ["Raddr.Port", "dst_port"],
    ["raddrport", "dst_port"],
    ["process_name", "process_name"],
    ["ProcessName", "process_name"],
    ["name", "process_name"],
    ["Image", "process_name"],
    ["exe", "process_name"],
    ["Executable", "process_name"],
    ["binary", "process_name"],
    ["pid", "pid"],
    ["process_id", "pid"],
    ["ProcessId", "pid"],
    ["ppid", "ppid"],
    ["parent_pid", "ppid"],
    ["ParentPid", "ppid"],
    ["ParentProcessId", "ppid"],
    ["command_line", "command_line"],
    ["CommandLine", "command_line"],
    ["cmdline", "command_line"],
    ["cmd", "command_line"],
    ["parent_command_line", "parent_command_line"],
    ["parent_commandline", "parent_command_line"],
    ["parentcommand_line", "parent_command_line"],
    ["ParentCommandLine", "parent_command_line"],
    ["user", "username"],
    ["UserName", "username"],
    ["user_name", "username"],
    ["account_name", "username"],
    ["AccountName", "username"],
    ["SubjectUserName", "username"],
    ["user_id", "user_id"],
    ["userid", "user_id"],
    ["uid", "user_id"],
    ["SID", "user_id"],
    ["SubjectUserSid", "user_id"],
    ["file_path", "file_path"],
    ["FilePath", "file_path"],
    ["FullPath", "file_path"],
    ["full_name", "file_path"],
    ["FullName", "file_path"],
    ["path", "file_path"],
    ["file_name", "file_name"],
    ["FileName", "file_name"],
    ["file_size", "file_size"],
    ["FileSize", "file_size"],
    ["size", "file_size"],
    ["bytes", "file_size"],
    ["Length", "file_size"],
    ["extension", "file_extension"],
    ["file_ext", "file_extension"],
    ["FileExt", "file_extension"],
    ["md5", "hash_md5"],
    ["MD5Hash", "hash_md5"],
    ["hash_md5", "hash_md5"],
    ["hashmd5", "hash_md5"],
    ["SHA1", "hash_sha1"],
    ["sha1hash", "hash_sha1"],
    ["hash_sha1", "hash_sha1"],
    ["HashSha1", "hash_sha1"],
    ["sha256", "hash_sha256"],
    ["SHA256Hash", "hash_sha256"],
    ["hash_sha256", "hash_sha256"],
    ["hashsha256", "hash_sha256"],
    ["hash", "hash_sha256"],
    ["FileHash", "hash_sha256"],
    ["protocol", "protocol"],
    ["Proto", "protocol"],
    ["domain", "domain"],
    ["dns_name", "domain"],
    ["DnsName", "domain"],
    ["query_name", "domain"],
    ["QueryName", "domain"],
    ["QueriedName", "domain"],
    ["url", "url"],
    ["URI", "url"],
    ["request_url", "url"],
    ["RequestUrl", "url"],
    ["mac", "mac_address"],
    ["mac_address", "mac_address"],
    ["MacAddress", "mac_address"],
    ["physical_address", "mac_address"],
    ["PhysicalAddress", "mac_address"],
    ["mac_addr", "mac_address"],
    ["macaddr", "mac_address"],
    ["hw_addr", "mac_address"],
    ["hwaddr", "mac_address"],
    ["ethernet", "mac_address"],
    ["state", "connection_state"],
    ["Status", "connection_state"],
    ["tcp_state", "connection_state"],
    ["TcpState", "connection_state"],
    ["conn_state", "connection_state"],
    ["connstate", "connection_state"],
    ["event_id", "event_id"],
    ["EventID", "event_id"],
    ["eid", "event_id"],
    ["event_type", "event_type"],
    ["EventType", "event_type"],
    ["category", "event_type"],
    ["Action", "event_type"],
    ["description", "description"],
    ["Message", "description"],
    ["msg", "description"],
    ["detail", "description"],
    ["severity", "severity"],
    ["Level", "severity"],
    ["priority", "severity"],
    ["reg_key", "registry_key"],
    ["regkey", "registry_key"],
    ["registry_key", "registry_key"],
    ["RegistryKey", "registry_key"],
    ["TargetObject", "registry_key"],
    ["reg_value", "registry_value"],
    ["RegValue", "registry_value"],
    ["registry_value", "registry_value"],
    ["registryvalue", "registry_value"],
    [" Hostname ", "hostname"],
  ])("%j → %s", (raw, canonical) => {
    expect(canonicalColumnName(raw)).toBe(canonical);
  });

  it.each([
    "hostnames",
    "myhost",
    "host name",
    "src ip",
    "src-ip",
    "src__ip",
    "laddr_ip",
    "laddr..ip",
    "system_timecreated",
    "TimeCreated",
    "UtcTime",
    "parent_cmdline",
    "eventtime2",
    "Computer",
    "filenames",
    "",
  ])("%j matches no rule", (raw) => {
    expect(canonicalColumnName(raw)).toBeNull();
  });
});

describe("snakeCase and fallbackColumnName", () => {
  it.each([
    ["Event Record ID", "event_record_id"],
    ["  --Foo__Bar--  ", "foo_bar"],
    ["Client IP", "client_ip"],
    ["Résultat", "résultat"],
    ["Größe (KB)", "größe_kb"],
    ["LogonType", "logontype"],
    ["#", ""],
  ])("snakeCase(%j) is %j", (raw, snake) => {
    expect(snakeCase(raw)).toBe(snake);
  });

  it("falls back to the position for a name of punctuation, and suffixes taken names", () => {
    expect(fallbackColumnName("#", 3, new Set())).toBe("column_3");
    expect(fallbackColumnName("Client IP", 1, new Set(["client_ip", "client_ip_2"]))).toBe("client_ip_3");
  });
});

describe("mapColumns", () => {
  it("gives each column its rule's canonical name, or its snake_case name", () => {
    expect(mapColumns(["Laddr.IP", "Client IP", "EventID"])).toEqual({
      "Laddr.IP": "src_ip",
      "Client IP": "client_ip",
      EventID: "event_id",
    });
  });

  it("gives a canonical name to the first column only; a later one gets its own snake_case name", () => {
    expect(mapColumns(["time", "Timestamp", "EventTime"])).toEqual({ time: "timestamp", Timestamp: "timestamp_2", EventTime: "eventtime" });
  });

  it("gives `name` to process_name, and does not try file_name when process_name is taken", () => {
    expect(mapColumns(["Name"])).toEqual({ Name: "process_name" });
    expect(mapColumns(["Image", "Name", "FileName"])).toEqual({ Image: "process_name", Name: "name", FileName: "file_name" });
  });

  it("never lets a fallback name take a name a rule gives to a later column", () => {
    expect(mapColumns(["Src IP", "SourceIP"])).toEqual({ "Src IP": "src_ip_2", SourceIP: "src_ip" });
  });

  it("lets a fallback name take a canonical name no rule gave", () => {
    expect(mapColumns(["Event Type", "Process Name"])).toEqual({ "Event Type": "event_type", "Process Name": "process_name" });
  });

  it("keeps colliding fallback names unique", () => {
    expect(mapColumns(["a b", "a-b", "a_b"])).toEqual({ "a b": "a_b", "a-b": "a_b_2", a_b: "a_b_3" });
    expect(mapColumns(["Src Port", "src-port"])).toEqual({ "Src Port": "src_port", "src-port": "src_port_2" });
    expect(mapColumns(["#", "?", "column_1"])).toEqual({ "#": "column_1", "?": "column_2", column_1: "column_1_2" });
  });
});

describe("detectIocColumns", () => {
  const detect = (canonical: string, type: ColumnType) => detectIocColumns(["c"], { c: type }, { c: canonical }).c;

  it.each([
    "process_name",
    "file_name",
    "file_path",
    "command_line",
    "parent_command_line",
    "description",
    "event_type",
    "registry_key",
    "registry_value",
    "severity",
    "os",
    "title",
    "netmask",
    "gateway",
    "connection_state",
  ])("never makes a %s column an IOC column", (canonical) => {
    for (const type of ["ip", "domain", "hash_md5", "hash_sha1", "hash_sha256"] as const) expect(detect(canonical, type)).toBeUndefined();
  });

  it.each([
    ["src_ip", "ip"],
    ["dst_ip", "ip"],
    ["ip_address", "ip"],
    ["hash_md5", "hash_md5"],
    ["hash_sha1", "hash_sha1"],
    ["hash_sha256", "hash_sha256"],
    ["domain", "domain"],
    ["url", "url"],
    ["hostname", "hostname"],
  ])("makes a %s column an IOC column of type %s whatever it holds", (canonical, ioc) => {
    expect(detect(canonical, "string")).toBe(ioc);
    expect(detect(canonical, "integer")).toBe(ioc);
  });

  it.each([
    ["ip", "ip"],
    ["hash_md5", "hash_md5"],
    ["hash_sha1", "hash_sha1"],
    ["hash_sha256", "hash_sha256"],
    ["domain", "domain"],
  ] as const)("makes another column holding %s values an IOC column of type %s", (type, ioc) => {
    expect(detect("client_ip", type)).toBe(ioc);
  });

  it.each(["integer", "float", "timestamp", "path", "string"] as const)("leaves another column holding %s values alone", (type) => {
    expect(detect("client_ip", type)).toBeUndefined();
  });

  it("lets the canonical name decide when it and the type disagree", () => {
    expect(detect("hostname", "domain")).toBe("hostname");
    expect(detect("domain", "ip")).toBe("domain");
    expect(detect("hash_sha256", "hash_md5")).toBe("hash_sha256");
    expect(detect("url", "domain")).toBe("url");
  });
});

describe("parseTimestamp", () => {
  const utc = (iso: string) => new Date(iso);

  it.each([
    ["2024-03-12T09:14:03Z", "2024-03-12T09:14:03.000Z"],
    ["2024-03-12T09:14:03", "2024-03-12T09:14:03.000Z"],
    ["2024-03-12T09:14:03.5Z", "2024-03-12T09:14:03.500Z"],
    ["2024-03-12T09:14:03.123456Z", "2024-03-12T09:14:03.123Z"],
    ["2024-03-12 09:14:03", "2024-03-12T09:14:03.000Z"],
    ["2024-03-12 09:14:03.412731", "2024-03-12T09:14:03.412Z"],
    ["2024/03/12 09:14:03", "2024-03-12T09:14:03.000Z"],
    ["03/04/2024 10:00:00", "2024-03-04T10:00:00.000Z"],
    ["12/03/2024 23:59:58", "2024-12-03T23:59:58.000Z"],
    ["13/04/2024 10:00:00", "2024-04-13T10:00:00.000Z"],
    ["31/12/2024 23:59:59", "2024-12-31T23:59:59.000Z"],
    ["3/4/2024 9:05:07", "2024-03-04T09:05:07.000Z"],
    ["2024-3-4 9:05:07", "2024-03-04T09:05:07.000Z"],
    [" 2024-03-12 09:14:03 ", "2024-03-12T09:14:03.000Z"],
    ["2024-02-29 00:00:00", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29 00:00:00", "2000-02-29T00:00:00.000Z"],
    ["0024-03-01 00:00:00", "0024-03-01T00:00:00.000Z"],
  ])("reads %j as %s", (value, iso) => {
    expect(parseTimestamp(value)).toEqual(utc(iso));
  });

  it.each([
    "2023-02-29 00:00:00",
    "1900-02-29 00:00:00",
    "2024-02-30 10:00:00",
    "2024-04-31 10:00:00",
    "2024-13-01 10:00:00",
    "2024-00-10 10:00:00",
    "2024-03-00 10:00:00",
    "2024-03-12 24:00:00",
    "2024-03-12 09:60:00",
    "2024-03-12 09:14:60",
    "30/02/2024 10:00:00",
    "0000-01-01 00:00:00",
    "2024-03-12T09:14:03+01:00",
    "2024-03-12T09:14:03.1234567Z",
    "2024-03-12T09:14Z",
    "2024-03-12 09:14:03Z",
    "2024/03/12 09:14:03.5",
    "2024/03/12T09:14:03",
    "03/04/2024 10:00:00.5",
    "12/03/24 10:00:00",
    "2024-03-12",
    "1710230400",
    "Mar 12 2024 09:14:03",
    "3/12/2024 9:14:03 AM",
    "",
  ])("rejects %j", (value) => {
    expect(parseTimestamp(value)).toBeNull();
  });
});

describe("TimeRangeTracker", () => {
  it("tracks the earliest and latest time of the column mapped to timestamp, and returns each row's", () => {
    const tracker = new TimeRangeTracker({ Host: "hostname", When: "timestamp" });
    expect(tracker.column).toBe("When");
    expect(tracker.add({ Host: "a", When: "2024-03-12 10:00:00" })).toEqual(new Date("2024-03-12T10:00:00Z"));
    expect(tracker.add({ Host: "b", When: "not a time" })).toBeNull();
    expect(tracker.add({ Host: "c", When: "" })).toBeNull();
    tracker.add({ Host: "d", When: "2024-03-11T23:00:00Z" });
    tracker.add({ Host: "e", When: "2024/03/12 11:30:00" });
    tracker.add({ Host: "f" });
    expect([tracker.start, tracker.end]).toEqual([new Date("2024-03-11T23:00:00Z"), new Date("2024-03-12T11:30:00Z")]);
  });

  it("stays empty without a timestamp column or parseable values", () => {
    const none = new TimeRangeTracker({ Host: "hostname" });
    expect(none.add({ Host: "2024-03-12 10:00:00" })).toBeNull();
    const unparsed = new TimeRangeTracker({ start_time: "timestamp" });
    unparsed.add({ start_time: "1710230400" });
    expect([none.start, none.end, unparsed.start, unparsed.end]).toEqual([null, null, null, null]);
  });
});
