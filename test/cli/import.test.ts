// `huntgraph import` as a user runs it, in process through the CLI's entry point, on a database of its own
// (a PGlite data directory, or a PostgreSQL schema migrated with `huntgraph migrate`): its output, exit
// code, and what it stored. Each test sets up the hunts it needs.
import { migrations } from "../../migrations";
import { createServices } from "../../src/modules/services";
import { type CliDatabase, cliDatabase, inDatabase, runCli } from "../support/cli";
import { onPostgres } from "../support/database";

const NETSTAT = "test/fixtures/velociraptor-netstat.csv";
const RAGGED = "test/fixtures/ragged-firewall.csv";
const EDR = "test/fixtures/edr-process-multiline.csv";
const MALFORMED = "test/fixtures/malformed-quoting.csv";
const UNKNOWN_HUNT = "0000000000000000000000000000000f";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The summary line `huntgraph import` prints for a file; captures the dataset id. */
const summary = (file: string, counts: string) =>
  new RegExp(`^${escape(file)}: ${escape(counts)} in \\d+\\.\\d s \\(\\d+ rows/s\\) → dataset ([0-9a-f]{32})$`);

let cli: CliDatabase;
const huntgraph = (...args: string[]) => runCli(args, cli.env);

let duplicateIds: string[];

/** A new database for the CLI, migrated by it, holding two hunts that share a name (which only the API allows). */
async function prepareDatabase(): Promise<void> {
  cli = cliDatabase();
  if (onPostgres) {
    // The CLI refuses to work on a PostgreSQL database with pending migrations (PGlite migrates itself).
    const refused = await huntgraph("import", "--hunt", "Anything", "--create-hunt", NETSTAT);
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: the PostgreSQL database has pending migrations: run `huntgraph migrate` first (or `huntgraph serve --migrate`)\n",
    });
  }
  const migrated = await huntgraph("migrate");
  expect(migrated).toEqual({
    code: 0,
    stdout: `applied ${migrations.length} migration(s): ${migrations.map((m) => new m().name).join(", ")}\n`,
    stderr: "",
  });
  duplicateIds = await inDatabase(cli, async (database) => {
    const { hunts } = createServices(database);
    return [(await hunts.create({ name: "Duplicate" })).id, (await hunts.create({ name: "Duplicate" })).id];
  });
}

describe("huntgraph import", () => {
  beforeAll(prepareDatabase);
  afterAll(() => cli?.remove());

  it("creates the hunt named with --create-hunt, printing its id, one summary line per file and a total", async () => {
    const { code, stdout, stderr } = await huntgraph(
      "import",
      "--hunt",
      "Operation Nightfall",
      "--create-hunt",
      "--source-tool",
      "velociraptor",
      NETSTAT,
      RAGGED,
    );
    expect([code, stderr]).toEqual([0, ""]);
    const lines = stdout.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^created hunt 'Operation Nightfall', id [0-9a-f]{32}$/);
    expect(lines[1]).toMatch(summary(NETSTAT, "8 rows, 3 IOC columns"));
    expect(lines[2]).toMatch(summary(RAGGED, "6 rows, 2 IOC columns, 2 short rows padded, 2 long rows extended"));
    expect(lines.slice(3)).toEqual(["2 of 2 files imported", ""]);
  });

  it("skips a file whose content the hunt holds already, naming the dataset, unless --allow-duplicate", async () => {
    const first = await huntgraph("import", "--hunt", "Operation Echo", "--create-hunt", EDR);
    const datasetId = summary(EDR, "4 rows, 2 IOC columns").exec(first.stdout.split("\n")[1])![1];
    const again = await huntgraph("import", "--hunt", "Operation Echo", EDR, NETSTAT);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    const lines = again.stdout.split("\n");
    expect(lines[0]).toMatch(
      new RegExp(
        `^${escape(EDR)}: skipped, the same content as dataset ${datasetId} \\('edr-process-multiline\\.csv', imported \\S+\\); --allow-duplicate imports it again$`,
      ),
    );
    expect(lines[1]).toMatch(summary(NETSTAT, "8 rows, 3 IOC columns"));
    expect(lines.slice(2)).toEqual(["1 of 2 files imported, 1 skipped as already imported", ""]);
    const forced = await huntgraph("import", "--hunt", "Operation Echo", "--allow-duplicate", EDR);
    expect(forced.stdout).toMatch(/^test\/fixtures\/edr-process-multiline\.csv: 4 rows, 2 IOC columns in .* → dataset [0-9a-f]{32}\n$/);
    // the same file in another hunt is no duplicate
    expect((await huntgraph("import", "--hunt", "Operation Fox", "--create-hunt", EDR)).stdout).toMatch(/4 rows, 2 IOC columns/);
  });

  it("imports into the hunt of that name without --create-hunt", async () => {
    await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`INSERT INTO hunts (id, name) VALUES ($1, 'Operation Twilight')`, ["e".repeat(32)]),
    );
    const { code, stdout, stderr } = await huntgraph("import", "--hunt", "Operation Twilight", EDR);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout.split("\n")).toEqual([expect.stringMatching(summary(EDR, "4 rows, 2 IOC columns")), ""]);
  });

  it("refuses a hunt name that no hunt has, without --create-hunt, and creates none", async () => {
    expect(await huntgraph("import", "--hunt", "Operation Daybreak", NETSTAT)).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: no hunt is named 'Operation Daybreak': give a hunt id, or add --create-hunt to create it\n",
    });
  });

  it("refuses an unknown hunt id", async () => {
    expect(await huntgraph("import", "--hunt", UNKNOWN_HUNT, NETSTAT)).toEqual({
      code: 1,
      stdout: "",
      stderr: `huntgraph: No hunt with id '${UNKNOWN_HUNT}'\n`,
    });
  });

  it("lists the ids of the hunts that share the name it was given", async () => {
    const { code, stdout, stderr } = await huntgraph("import", "--hunt", "Duplicate", NETSTAT);
    expect([code, stdout]).toEqual([1, ""]);
    const [a, b] = duplicateIds;
    // Oldest first; two hunts created within the same instant are in id order.
    expect([
      `huntgraph: 2 hunts are named 'Duplicate': give one of their ids (${a}, ${b})\n`,
      `huntgraph: 2 hunts are named 'Duplicate': give one of their ids (${b}, ${a})\n`,
    ]).toContain(stderr);
  });

  it("names a missing file, and creates no hunt when no file can be read", async () => {
    expect(await huntgraph("import", "--hunt", "Operation Sunrise", "--create-hunt", "test/fixtures/no-such-export.csv")).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: test/fixtures/no-such-export.csv: no such file\n",
    });
    expect(await huntgraph("import", "--hunt", "Operation Sunrise", "--create-hunt", "test/fixtures")).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: test/fixtures: not a file\n",
    });
    expect((await huntgraph("hunts")).stdout).not.toContain("Operation Sunrise");
  });

  it("gives every file its outcome, a bad one not stopping the rest, and exits 1 when any failed", async () => {
    const { code, stdout, stderr } = await huntgraph(
      "import",
      "--hunt",
      "Operation Dusk",
      "--create-hunt",
      MALFORMED,
      "test/fixtures/no-such-export.csv",
      NETSTAT,
    );
    expect(code).toBe(1);
    expect(stdout.split("\n").slice(1)).toEqual([
      expect.stringMatching(summary(NETSTAT, "8 rows, 3 IOC columns")),
      "1 of 3 files imported, 2 failed",
      "",
    ]);
    expect(stderr).toBe(
      [
        'test/fixtures/malformed-quoting.csv: failed, nothing of it was stored: malformed-quoting.csv line 4: malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
        "test/fixtures/no-such-export.csv: failed: no such file",
        "huntgraph: 2 files failed",
        "",
      ].join("\n"),
    );
  });

  it("stops at the first failure with --stop-on-error, and says which files were not tried", async () => {
    const { code, stdout, stderr } = await huntgraph("import", "--hunt", "Operation Dusk", "--stop-on-error", MALFORMED, RAGGED, EDR);
    expect(code).toBe(1);
    expect(stdout).toBe("0 of 3 files imported, 1 failed, 2 not tried (--stop-on-error)\n");
    expect(stderr).toMatch(/^test\/fixtures\/malformed-quoting\.csv: failed, nothing of it was stored: .*\nhuntgraph: 1 file failed\n$/);
  });

  it("lists the hunts with their datasets and rows, newest first", async () => {
    const { code, stdout } = await huntgraph("hunts");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^[0-9a-f]{32}\tOperation Nightfall\tactive\t2 datasets\t14 rows$/));
    expect(lines).toContainEqual(expect.stringMatching(/^[0-9a-f]{32}\tDuplicate\tactive\t0 datasets\t0 rows$/));
  });

  it("speaks of one row and one IOC column in the singular", async () => {
    const { stdout } = await huntgraph("import", "--hunt", "Operation Dusk", "test/fixtures/single-row.csv");
    expect(stdout.trim()).toMatch(summary("test/fixtures/single-row.csv", "1 row, 1 IOC column"));
  });
});

describe("what huntgraph import stores", () => {
  beforeAll(prepareDatabase);
  afterAll(() => cli?.remove());

  /** Runs an import and returns the dataset id each summary line printed. */
  const imported = async (files: Record<string, string>, ...args: string[]) => {
    const { stdout } = await huntgraph("import", ...args);
    const lines = stdout.split("\n").filter((line) => !line.startsWith("created hunt"));
    return Object.entries(files).map(([file, counts], i) => summary(file, counts).exec(lines[i])![1]);
  };

  it("is exactly what it printed, in the hunts it named, and nothing of a refused import", async () => {
    const printed: Record<string, string> = {};
    [printed[NETSTAT], printed[RAGGED]] = await imported(
      { [NETSTAT]: "8 rows, 3 IOC columns", [RAGGED]: "6 rows, 2 IOC columns, 2 short rows padded, 2 long rows extended" },
      ...["--hunt", "Operation Nightfall", "--create-hunt", "--source-tool", "velociraptor", NETSTAT, RAGGED],
    );
    [printed[EDR]] = await imported({ [EDR]: "4 rows, 2 IOC columns" }, "--hunt", "Operation Nightfall", EDR);
    expect((await huntgraph("import", "--hunt", "Operation Daybreak", NETSTAT)).code).toBe(1);
    expect((await huntgraph("import", "--hunt", "Operation Sunrise", "--create-hunt", "test/fixtures/no-such-export.csv")).code).toBe(1);
    expect((await huntgraph("import", "--hunt", "Operation Dusk", "--create-hunt", "--stop-on-error", NETSTAT, MALFORMED)).code).toBe(1);
    await inDatabase(cli, async ({ dataSource }) => {
      const hunts: Array<{ name: string; datasets: string[] | null }> = await dataSource.query(
        `SELECT h.name, array_agg(d.filename || ' ' || d.row_count || ' ' || coalesce(d.source_tool, '-') || ' ' || d.id ORDER BY d.filename) FILTER (WHERE d.id IS NOT NULL) AS datasets
         FROM hunts h LEFT JOIN datasets d ON d.hunt_id = h.id GROUP BY h.id, h.name ORDER BY h.name`,
      );
      expect(hunts).toEqual([
        { name: "Duplicate", datasets: null },
        { name: "Duplicate", datasets: null },
        { name: "Operation Dusk", datasets: [expect.stringMatching(/^velociraptor-netstat\.csv 8 - [0-9a-f]{32}$/)] },
        {
          name: "Operation Nightfall",
          datasets: [
            `edr-process-multiline.csv 4 - ${printed[EDR]}`,
            `ragged-firewall.csv 6 velociraptor ${printed[RAGGED]}`,
            `velociraptor-netstat.csv 8 velociraptor ${printed[NETSTAT]}`,
          ],
        },
      ]);
      const [{ occurrences }] = await dataSource.query(`SELECT count(*)::int AS occurrences FROM ioc_occurrences WHERE dataset_id = $1`, [
        printed[NETSTAT],
      ]);
      expect(occurrences).toBe(9);
    });
  });
});
