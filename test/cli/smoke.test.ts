// The huntgraph process itself, as a user starts it (node on src/cli/main.ts): the exit code and streams of
// a real process. Everything else about the CLI is tested in process (import.test.ts, reindex.test.ts).
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrations } from "../../migrations";
import { type CliDatabase, cliDatabase, inDatabase, runCliProcess, spawnCli, writeExportFile } from "../support/cli";

let cli: CliDatabase;

beforeAll(() => {
  cli = cliDatabase();
});
afterAll(() => cli.remove());

describe("the huntgraph process", () => {
  it("migrates, imports a file and exits 0, printing to stdout only", async () => {
    const migrated = await runCliProcess(["migrate"], cli.env);
    expect(migrated).toEqual({
      code: 0,
      stdout: `applied ${migrations.length} migration(s): ${migrations.map((m) => new m().name).join(", ")}\n`,
      stderr: "",
    });
    const imported = await runCliProcess(["import", "--hunt", "Smoke", "--create-hunt", "test/fixtures/velociraptor-netstat.csv"], cli.env);
    expect([imported.code, imported.stderr]).toEqual([0, ""]);
    expect(imported.stdout).toMatch(
      /^created hunt 'Smoke', id [0-9a-f]{32}\ntest\/fixtures\/velociraptor-netstat\.csv: 8 rows, 3 IOC columns in \d+\.\d s \(\d+ rows\/s\) → dataset [0-9a-f]{32}\n$/,
    );
  });

  it("stops on a bad LOG_LEVEL, even for --help, with one line naming the variable and exit code 1", async () => {
    expect(await runCliProcess(["--help"], { ...cli.env, LOG_LEVEL: "verbose" })).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'verbose'\n",
    });
  });
});

describe("what the process says of itself", () => {
  it("prints its version, the package's", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(await runCliProcess(["--version"], cli.env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("runs as bin/huntgraph, which npm install builds", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const bin = path.join("bin", "huntgraph");
    expect(execFileSync(process.execPath, [bin, "--version"], { encoding: "utf8" })).toBe(`${version}\n`);
  });

  it("lists the environment variables in --help", async () => {
    const { code, stdout } = await runCliProcess(["--help"], cli.env);
    expect(code).toBe(0);
    expect(stdout).toContain("Environment variables:");
    expect(stdout).toMatch(/^ {2}JWT_SECRET +ThreatHunt's token secret: turns authentication on$/m);
  });

  it("names the host and what to check, in one line, when PostgreSQL cannot be reached", async () => {
    const refused = await runCliProcess(["hunts"], { DATABASE_URL: "postgres://hunter:secret@127.0.0.1:1/huntgraph" });
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "huntgraph: cannot connect to PostgreSQL at 127.0.0.1:1: connection refused. Check that PostgreSQL runs there, and the host and port in DATABASE_URL\n",
    });
    const unknown = await runCliProcess(["hunts"], { DATABASE_URL: "postgres://hunter:secret@no-such-host.invalid:5432/huntgraph" });
    expect(unknown.stderr).toBe(
      "huntgraph: cannot connect to PostgreSQL at no-such-host.invalid:5432: the host name is not known. Check the host in DATABASE_URL\n",
    );
  });
});

describe("interrupted", () => {
  it("rolls the file being imported back on Ctrl-C, says so, and exits 1", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "huntgraph-interrupt-")), "big.csv");
    await writeExportFile(file, 300_000, 7, "INT");
    const child = spawnCli(["import", "--hunt", "Interrupted", "--create-hunt", file], cli.env);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    // once the hunt exists, the import is under way
    while (!stdout.includes("created hunt")) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill("SIGINT");
    const [code] = (await once(child, "close")) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toBe(`${file}: interrupted, rolled back\nhuntgraph: the file was not imported\n`);
    const datasets = await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`SELECT count(*)::int AS n FROM datasets d JOIN hunts h ON h.id = d.hunt_id WHERE h.name = 'Interrupted'`),
    );
    expect(datasets).toEqual([{ n: 0 }]);
  });
});
