// The huntgraph process itself, as a user starts it (node on src/cli/main.ts): the exit code and streams of
// a real process. Everything else about the CLI is tested in process (import.test.ts, reindex.test.ts).
import { migrations } from "../../migrations";
import { type CliDatabase, cliDatabase, runCliProcess } from "../support/cli";

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
      /^test\/fixtures\/velociraptor-netstat\.csv: 8 rows, 3 IOC columns in \d+\.\d s \(\d+ rows\/s\) → dataset [0-9a-f]{32}\n$/,
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
