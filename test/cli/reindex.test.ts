// `huntgraph reindex` as a user runs it, on a database that ThreatHunt filled: hunts, datasets and rows
// written with SQL as ThreatHunt writes them, and no occurrence index until the command builds it.
import type { Database } from "../../src/database/data-source";
import { createTestApi } from "../support/api";
import { type CliDatabase, cliDatabases, inDatabase, runCli } from "../support/cli";
import { onPostgres } from "../support/database";
import { occurrencesOf } from "../support/ingest";

const IOC_OVERLAPS = `query IocOverlaps($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    iocOverlaps {
      totalCount
      nodes { value type count huntCount hunts { name } appearances { column rawValue occurrences firstSeen lastSeen dataset { name } } }
    }
  }
}`;
const HOST_OVERLAPS = `query HostOverlaps($huntIds: [ID!]) {
  correlation(huntIds: $huntIds) {
    hostOverlaps { totalCount nodes { hostname appearances huntCount datasets { column rawValue occurrences dataset { name } } } }
  }
}`;

const RANSOMWARE = { id: "5f0c6d1e2b3a49c8a7d6e5f4c3b2a101", name: "Ransomware triage" };
const BEACONING = { id: "5f0c6d1e2b3a49c8a7d6e5f4c3b2a102", name: "Beaconing from build servers" };
const SYSMON = "a1b2c3d4e5f60718293a4b5c6d7e8f01";
const NETSTAT = "a1b2c3d4e5f60718293a4b5c6d7e8f02";
const NOTES = "a1b2c3d4e5f60718293a4b5c6d7e8f03";
const BROKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f04";
const UNKNOWN = ["0000000000000000000000000000000d", "0000000000000000000000000000000e"];

interface ThreatHuntDataset {
  id: string;
  huntId: string;
  filename: string;
  createdAt: string;
  normalizedColumns: Record<string, string>;
  iocColumns: Record<string, string>;
  rows: Record<string, string>[];
}

/**
 * Sysmon network events of the ransomware hunt: host names and domains in several cases, a hash in upper
 * case, a row whose time does not parse, and a last row without most columns.
 */
const SYSMON_DATASET: ThreatHuntDataset = {
  id: SYSMON,
  huntId: RANSOMWARE.id,
  filename: "sysmon-network.csv",
  createdAt: "2024-03-12 10:00:00+00",
  normalizedColumns: { EventTime: "timestamp", ComputerName: "hostname", DestinationIp: "dst_ip", QueryName: "domain", MD5: "hash_md5" },
  iocColumns: { ComputerName: "hostname", DestinationIp: "ip", QueryName: "domain", MD5: "hash_md5" },
  rows: [
    {
      EventTime: "2024-03-12 08:00:00",
      ComputerName: "ws-finance-01",
      DestinationIp: "185.220.101.45",
      QueryName: "Evil-C2.example.COM",
      MD5: "D41D8CD98F00B204E9800998ECF8427E",
    },
    {
      EventTime: "2024-03-12 09:30:00",
      ComputerName: "WS-FINANCE-01",
      DestinationIp: "10.0.0.5",
      QueryName: "evil-c2.example.com",
      MD5: "",
    },
    {
      EventTime: "not a time",
      ComputerName: " ws-hr-02 ",
      DestinationIp: "185.220.101.45",
      QueryName: "",
      MD5: "d41d8cd98f00b204e9800998ecf8427e",
    },
    { EventTime: "2024-03-12 07:15:00", ComputerName: "ws-finance-01" },
  ],
};

/**
 * Velociraptor netstat of the beaconing hunt: the same address as the Sysmon events, defanged and
 * zero-padded, and the Sysmon events' host in a host-name column that is no IOC column (`Dst Host`).
 */
const NETSTAT_DATASET: ThreatHuntDataset = {
  id: NETSTAT,
  huntId: BEACONING.id,
  filename: "netstat.csv",
  createdAt: "2024-03-14 11:00:00+00",
  normalizedColumns: {
    Timestamp: "timestamp",
    Hostname: "hostname",
    "Laddr.IP": "src_ip",
    "Raddr.IP": "dst_ip",
    "Dst Host": "dst_host",
    Pid: "pid",
  },
  iocColumns: { Hostname: "hostname", "Laddr.IP": "ip", "Raddr.IP": "ip" },
  rows: [
    {
      Timestamp: "2024-03-14T10:00:00Z",
      Hostname: "build-07",
      "Laddr.IP": "10.1.1.7",
      "Raddr.IP": "185.220.101[.]45",
      "Dst Host": "ws-finance-01",
      Pid: "4242",
    },
    {
      Timestamp: "2024-03-14T10:05:00Z",
      Hostname: "build-07",
      "Laddr.IP": "10.1.1.7",
      "Raddr.IP": "185.220.101.045",
      "Dst Host": "WS-FINANCE-01",
      Pid: "4242",
    },
  ],
};

/** A dataset with no IOC column. */
const NOTES_DATASET: ThreatHuntDataset = {
  id: NOTES,
  huntId: BEACONING.id,
  filename: "notes.csv",
  createdAt: "2024-03-14 11:05:00+00",
  normalizedColumns: { Note: "note" },
  iocColumns: {},
  rows: [{ Note: "nothing to see" }],
};

let cli: CliDatabase;
const huntgraph = (...args: string[]) => runCli(args, cli.env);

/** Writes a dataset and its rows as ThreatHunt does: every column given, json text, no index. */
async function insertThreatHuntDataset({ dataSource }: Database, dataset: ThreatHuntDataset): Promise<void> {
  const canonical = (row: Record<string, string>) =>
    Object.fromEntries(Object.entries(row).map(([raw, value]) => [dataset.normalizedColumns[raw], value]));
  await dataSource.query(
    `INSERT INTO datasets (id, name, filename, source_tool, row_count, column_schema, normalized_columns, ioc_columns,
       file_size_bytes, encoding, delimiter, time_range_start, time_range_end, hunt_id, uploaded_by, created_at)
     VALUES ($1, $2, $2, NULL, $3, NULL, $4, $5, 1024, 'utf-8', ',', NULL, NULL, $6, NULL, $7)`,
    [
      dataset.id,
      dataset.filename,
      dataset.rows.length,
      JSON.stringify(dataset.normalizedColumns),
      JSON.stringify(dataset.iocColumns),
      dataset.huntId,
      dataset.createdAt,
    ],
  );
  for (const [i, row] of dataset.rows.entries()) {
    await dataSource.query(`INSERT INTO dataset_rows (dataset_id, row_index, data, normalized_data) VALUES ($1, $2, $3, $4)`, [
      dataset.id,
      i,
      JSON.stringify(row),
      JSON.stringify(canonical(row)),
    ]);
  }
}

/** The whole index and the shared values, in a fixed order. */
async function storedIndex(): Promise<unknown> {
  return inDatabase(cli, async ({ dataSource }) => ({
    occurrences: await Promise.all([SYSMON, NETSTAT, NOTES].map((id) => occurrencesOf(dataSource, id))),
    shared: await dataSource.query(`SELECT ioc_type, value FROM ioc_shared_values ORDER BY ioc_type, value`),
  }));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The line `huntgraph reindex` prints for a dataset. */
const datasetLine = (id: string, name: string, counts: string) =>
  new RegExp(`^dataset ${id} \\(${escape(name)}\\): ${counts} in \\d+\\.\\d s$`);
const totalLine = (counts: string) => new RegExp(`^reindexed ${counts} in \\d+\\.\\d s$`);

/** A database ThreatHunt filled (rows, no index), migrated by the CLI. */
const databases = cliDatabases(async (database) => {
  cli = database;
  if (onPostgres) {
    // As every command but migrate, reindex refuses a PostgreSQL database with pending migrations.
    const refused = await huntgraph("reindex");
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: the PostgreSQL database has pending migrations: run `huntgraph migrate` first (or `huntgraph serve --migrate`)\n",
    });
  }
  expect((await huntgraph("migrate")).code).toBe(0);
  await inDatabase(cli, async (database) => {
    for (const hunt of [RANSOMWARE, BEACONING]) {
      await database.dataSource.query(
        `INSERT INTO hunts (id, name, description, status, owner_id, created_at, updated_at) VALUES ($1, $2, NULL, 'active', NULL, now(), now())`,
        [hunt.id, hunt.name],
      );
    }
    for (const dataset of [SYSMON_DATASET, NETSTAT_DATASET, NOTES_DATASET]) await insertThreatHuntDataset(database, dataset);
  });
});
// Each test starts from that database as ThreatHunt left it.
beforeEach(async () => {
  cli = await databases.next();
});
afterAll(() => databases.removeAll());

/** Builds the whole index, as the first `huntgraph reindex` of a user does. */
async function reindexAll(): Promise<void> {
  expect((await huntgraph("reindex")).code).toBe(0);
}

describe("huntgraph reindex", () => {
  it("refuses unknown dataset ids, naming them, and changes nothing", async () => {
    expect(await huntgraph("reindex", "--dataset", SYSMON, ...UNKNOWN)).toEqual({
      code: 1,
      stdout: "",
      stderr: `huntgraph: No datasets with id '${UNKNOWN[0]}', '${UNKNOWN[1]}'\n`,
    });
    expect(await huntgraph("reindex", "--dataset", UNKNOWN[0])).toEqual({
      code: 1,
      stdout: "",
      stderr: `huntgraph: No dataset with id '${UNKNOWN[0]}'\n`,
    });
    expect(await storedIndex()).toEqual({ occurrences: [[], [], []], shared: [] });
  });

  it("refuses a hunt that does not exist", async () => {
    expect(await huntgraph("reindex", "--hunt", "Operation Daybreak")).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: no hunt is named 'Operation Daybreak'\n",
    });
    expect(await huntgraph("reindex", "--hunt", UNKNOWN[0])).toEqual({
      code: 1,
      stdout: "",
      stderr: `huntgraph: No hunt with id '${UNKNOWN[0]}'\n`,
    });
  });

  it("finds no shared indicator before the index is built", async () => {
    await inDatabase(cli, async (database) => {
      const api = await createTestApi(database);
      const { correlation } = await api.data(IOC_OVERLAPS, { huntIds: [RANSOMWARE.id, BEACONING.id] });
      expect(correlation.iocOverlaps).toEqual({ totalCount: 0, nodes: [] });
    });
  });

  it("reindexes every dataset, oldest first, with a line for each and a total", async () => {
    const { code, stdout, stderr } = await huntgraph("reindex");
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout.split("\n")).toEqual([
      expect.stringMatching(datasetLine(SYSMON, "sysmon-network.csv", "4 rows read, 6 index entries written")),
      expect.stringMatching(datasetLine(NETSTAT, "netstat.csv", "2 rows read, 4 index entries written")),
      expect.stringMatching(datasetLine(NOTES, "notes.csv", "1 row read, 0 index entries written")),
      expect.stringMatching(totalLine("3 datasets: 7 rows read, 10 index entries written")),
      "",
    ]);
  });

  it("indexes canonical values with their raw form, counts, first row and times", async () => {
    await reindexAll();
    await inDatabase(cli, async ({ dataSource }) => {
      const ransomware = RANSOMWARE.id;
      expect(await occurrencesOf(dataSource, SYSMON)).toEqual([
        // Rows 0, 1 and 3; row 3 is the earliest.
        {
          huntId: ransomware,
          column: "ComputerName",
          type: "hostname",
          fromIocColumn: true,
          value: "WS-FINANCE-01",
          raw: "ws-finance-01",
          occurrences: 3,
          firstRowIndex: 0,
          firstSeen: "2024-03-12T07:15:00.000Z",
          lastSeen: "2024-03-12T09:30:00.000Z",
        },
        // Only in row 2, whose time does not parse.
        {
          huntId: ransomware,
          column: "ComputerName",
          type: "hostname",
          fromIocColumn: true,
          value: "WS-HR-02",
          raw: "ws-hr-02",
          occurrences: 1,
          firstRowIndex: 2,
          firstSeen: null,
          lastSeen: null,
        },
        {
          huntId: ransomware,
          column: "DestinationIp",
          type: "ip",
          fromIocColumn: true,
          value: "10.0.0.5",
          raw: "10.0.0.5",
          occurrences: 1,
          firstRowIndex: 1,
          firstSeen: "2024-03-12T09:30:00.000Z",
          lastSeen: "2024-03-12T09:30:00.000Z",
        },
        {
          huntId: ransomware,
          column: "DestinationIp",
          type: "ip",
          fromIocColumn: true,
          value: "185.220.101.45",
          raw: "185.220.101.45",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-12T08:00:00.000Z",
          lastSeen: "2024-03-12T08:00:00.000Z",
        },
        {
          huntId: ransomware,
          column: "MD5",
          type: "hash_md5",
          fromIocColumn: true,
          value: "d41d8cd98f00b204e9800998ecf8427e",
          raw: "D41D8CD98F00B204E9800998ECF8427E",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-12T08:00:00.000Z",
          lastSeen: "2024-03-12T08:00:00.000Z",
        },
        {
          huntId: ransomware,
          column: "QueryName",
          type: "domain",
          fromIocColumn: true,
          value: "evil-c2.example.com",
          raw: "Evil-C2.example.COM",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-12T08:00:00.000Z",
          lastSeen: "2024-03-12T09:30:00.000Z",
        },
      ]);
      const beaconing = BEACONING.id;
      expect(await occurrencesOf(dataSource, NETSTAT)).toEqual([
        // Dst Host is a host-name column but no IOC column: indexed for host overlaps only.
        {
          huntId: beaconing,
          column: "Dst Host",
          type: "hostname",
          fromIocColumn: false,
          value: "WS-FINANCE-01",
          raw: "ws-finance-01",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-14T10:00:00.000Z",
          lastSeen: "2024-03-14T10:05:00.000Z",
        },
        {
          huntId: beaconing,
          column: "Hostname",
          type: "hostname",
          fromIocColumn: true,
          value: "BUILD-07",
          raw: "build-07",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-14T10:00:00.000Z",
          lastSeen: "2024-03-14T10:05:00.000Z",
        },
        {
          huntId: beaconing,
          column: "Laddr.IP",
          type: "ip",
          fromIocColumn: true,
          value: "10.1.1.7",
          raw: "10.1.1.7",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-14T10:00:00.000Z",
          lastSeen: "2024-03-14T10:05:00.000Z",
        },
        {
          huntId: beaconing,
          column: "Raddr.IP",
          type: "ip",
          fromIocColumn: true,
          value: "185.220.101.45",
          raw: "185.220.101[.]45",
          occurrences: 2,
          firstRowIndex: 0,
          firstSeen: "2024-03-14T10:00:00.000Z",
          lastSeen: "2024-03-14T10:05:00.000Z",
        },
      ]);
      expect(await dataSource.query(`SELECT ioc_type, value FROM ioc_shared_values ORDER BY ioc_type`)).toEqual([
        { ioc_type: "hostname", value: "WS-FINANCE-01" },
        { ioc_type: "ip", value: "185.220.101.45" },
      ]);
    });
  });

  it("lets correlation find the address both hunts saw, and the host both saw, which only one holds as an indicator", async () => {
    await reindexAll();
    await inDatabase(cli, async (database) => {
      const api = await createTestApi(database);
      const { correlation } = await api.data(IOC_OVERLAPS, { huntIds: [RANSOMWARE.id, BEACONING.id] });
      expect(correlation.iocOverlaps).toEqual({
        totalCount: 1,
        nodes: [
          {
            value: "185.220.101.45",
            type: "IP",
            count: 4,
            huntCount: 2,
            hunts: [{ name: RANSOMWARE.name }, { name: BEACONING.name }],
            appearances: [
              {
                column: "DestinationIp",
                rawValue: "185.220.101.45",
                occurrences: 2,
                firstSeen: "2024-03-12T08:00:00.000Z",
                lastSeen: "2024-03-12T08:00:00.000Z",
                dataset: { name: "sysmon-network.csv" },
              },
              {
                column: "Raddr.IP",
                rawValue: "185.220.101[.]45",
                occurrences: 2,
                firstSeen: "2024-03-14T10:00:00.000Z",
                lastSeen: "2024-03-14T10:05:00.000Z",
                dataset: { name: "netstat.csv" },
              },
            ],
          },
        ],
      });
      // As ThreatHunt's host analysis, which reads every host-name column: 3 rows of one hunt, 2 of the other.
      const hosts = await api.data(HOST_OVERLAPS, { huntIds: [RANSOMWARE.id, BEACONING.id] });
      expect(hosts.correlation.hostOverlaps).toEqual({
        totalCount: 1,
        nodes: [
          {
            hostname: "WS-FINANCE-01",
            appearances: 5,
            huntCount: 2,
            datasets: [
              { column: "ComputerName", rawValue: "ws-finance-01", occurrences: 3, dataset: { name: "sysmon-network.csv" } },
              { column: "Dst Host", rawValue: "ws-finance-01", occurrences: 2, dataset: { name: "netstat.csv" } },
            ],
          },
        ],
      });
    });
  });

  it("gives the same index when run again, for a hunt by name or for one dataset", async () => {
    await reindexAll();
    const before = await storedIndex();
    const byHunt = await huntgraph("reindex", "--hunt", BEACONING.name);
    expect([byHunt.code, byHunt.stderr]).toEqual([0, ""]);
    expect(byHunt.stdout.split("\n")).toEqual([
      expect.stringMatching(datasetLine(NETSTAT, "netstat.csv", "2 rows read, 4 index entries written")),
      expect.stringMatching(datasetLine(NOTES, "notes.csv", "1 row read, 0 index entries written")),
      expect.stringMatching(totalLine("2 datasets: 3 rows read, 4 index entries written")),
      "",
    ]);
    const byId = await huntgraph("reindex", "--dataset", SYSMON);
    expect([byId.code, byId.stderr]).toEqual([0, ""]);
    expect(await storedIndex()).toEqual(before);
  });

  it("stops at a dataset that fails, naming it: the datasets before it stay reindexed, its own index is untouched", async () => {
    await reindexAll();
    await inDatabase(cli, async (database) => {
      // A NUL passes the json column (not jsonb) but no text column of the index: its COPY fails.
      await insertThreatHuntDataset(database, {
        id: BROKEN,
        huntId: RANSOMWARE.id,
        filename: "broken.csv",
        createdAt: "2024-03-15 09:00:00+00",
        normalizedColumns: { ComputerName: "hostname" },
        iocColumns: { ComputerName: "hostname" },
        rows: [{ ComputerName: "WS\u0000X" }],
      });
      await database.dataSource.query(
        `INSERT INTO ioc_occurrences (dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index)
         VALUES ($1, $2, 'ComputerName', 'hostname', true, 'EARLIER', 'earlier', 1, 0)`,
        [BROKEN, RANSOMWARE.id],
      );
      await database.dataSource.query(`DELETE FROM ioc_occurrences WHERE dataset_id = $1`, [SYSMON]);
    });
    const { code, stdout, stderr } = await huntgraph("reindex", "--dataset", SYSMON, BROKEN);
    expect(code).toBe(1);
    expect(stdout.split("\n")).toEqual([
      expect.stringMatching(datasetLine(SYSMON, "sysmon-network.csv", "4 rows read, 6 index entries written")),
      "",
    ]);
    expect(stderr).toMatch(new RegExp(`^huntgraph: dataset ${BROKEN} \\(broken\\.csv\\): .+\n$`));
    await inDatabase(cli, async ({ dataSource }) => {
      expect((await occurrencesOf(dataSource, SYSMON)).length).toBe(6);
      expect((await occurrencesOf(dataSource, BROKEN)).map((entry) => entry.value)).toEqual(["EARLIER"]);
    });
  });
});
