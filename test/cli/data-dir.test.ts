// One process per embedded database (PGlite, whatever DATABASE_URL the suite runs on): a running server
// holds its data directory; an import aimed at it goes through the server, anything else is refused with
// the server's pid and URL; the lock and the temporary files of killed processes are cleaned up.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataDirInUse } from "../../src/database/data-dir-lock";
import { openDatabase } from "../../src/database/data-source";
import { runCliProcess, spawnCli } from "../support/cli";

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "huntgraph-datadir-"));
  env = { HUNTGRAPH_DATA_DIR: dataDir };
  expect((await runCliProcess(["migrate"], env)).code).toBe(0);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid!;
}

describe("with a server running on the data directory", () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    server = spawnCli(["serve", "--port", "0"], env);
    let stdout = "";
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const found = / API at (http:\/\/[^/\s]+)\/graphql/.exec(stdout);
        if (found) resolve(found[1]);
      });
      server.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${stdout}`)));
    });
  }, 60_000);
  afterAll(async () => {
    server.kill("SIGTERM");
    await once(server, "exit");
  });

  it("holds the lock, naming itself and where it listens", () => {
    expect(JSON.parse(readFileSync(path.join(dataDir, "huntgraph.lock"), "utf8"))).toEqual({
      pid: server.pid,
      command: "serve",
      url,
      since: expect.any(String),
    });
  });

  it("refuses another process, naming the server's pid and URL", async () => {
    const result = await runCliProcess(["warninglists", "list"], env);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `huntgraph: the embedded database in ${dataDir} is in use by \`huntgraph serve\` (pid ${server.pid}, listening at ${url}); ` +
        "one process at a time may open it: stop that process, or set HUNTGRAPH_DATA_DIR to another directory\n",
    });
    await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(DataDirInUse);
  });

  it("sends an import through the server, and says so", async () => {
    const result = await runCliProcess(
      ["import", "--hunt", "Through the server", "--create-hunt", "test/fixtures/velociraptor-netstat.csv"],
      env,
    );
    expect([result.code, result.stderr]).toEqual([0, ""]);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe(`the embedded database is served by the huntgraph server at ${url}: sending the files through it`);
    expect(lines[1]).toMatch(/^created hunt 'Through the server', id [0-9a-f]{32}$/);
    expect(lines[2]).toMatch(
      new RegExp(
        `^test/fixtures/velociraptor-netstat\\.csv: 8 rows, 3 IOC columns in \\d+\\.\\d s \\(\\d+ rows/s\\) → dataset ([0-9a-f]{32}) \\(through ${url}\\)$`,
      ),
    );
    const id = /dataset ([0-9a-f]{32})/.exec(lines[2])![1];
    // the same file again: the server's datasets tell it is there already
    const again = await runCliProcess(["import", "--hunt", "Through the server", "test/fixtures/velociraptor-netstat.csv"], env);
    expect(again.stdout.trim().split("\n")[1]).toMatch(
      new RegExp(`^test/fixtures/velociraptor-netstat\\.csv: skipped, the same content as dataset ${id} `),
    );
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ dataset(id: "${id}") { rowCount hunt { name } } }` }),
    });
    expect(await response.json()).toEqual({ data: { dataset: { rowCount: 8, hunt: { name: "Through the server" } } } });
  });

  it("reindexes through the server, and says so", async () => {
    const result = await runCliProcess(["reindex", "--hunt", "Through the server"], env);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe(`the embedded database is served by the huntgraph server at ${url}: reindexing through it`);
    // the netstat fixture: 8 rows, 9 distinct (column, type, value) entries
    expect(lines[1]).toMatch(/^dataset [0-9a-f]{32} \(velociraptor-netstat\.csv\): 8 rows read, 9 index entries written in \d+\.\d s$/);
    expect(lines[2]).toMatch(/^reindexed 1 dataset: 8 rows read, 9 index entries written in \d+\.\d s$/);
  });
});

describe("after a process was killed", () => {
  it("takes over the lock its process left, and removes its temporary files", async () => {
    const pid = await deadPid();
    writeFileSync(path.join(dataDir, "huntgraph.lock"), JSON.stringify({ pid, command: "import", since: new Date().toISOString() }));
    const spill = path.join(os.tmpdir(), `huntgraph-index-${pid}-abcdef`);
    mkdirSync(spill);
    writeFileSync(path.join(spill, "run-0.jsonl"), "{}\n");
    const result = await runCliProcess(["reindex"], env);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(existsSync(spill)).toBe(false);
    expect(existsSync(path.join(dataDir, "huntgraph.lock"))).toBe(false);
  });

  it("takes over a lock whose pid now belongs to a process that is not huntgraph's (after a reboot)", async () => {
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(
        path.join(dataDir, "huntgraph.lock"),
        JSON.stringify({ pid: other.pid, command: "serve", since: "2026-01-01T00:00:00Z" }),
      );
      const result = await runCliProcess(["reindex"], env);
      expect([result.code, result.stderr]).toEqual([0, ""]);
    } finally {
      other.kill();
    }
  });
});
