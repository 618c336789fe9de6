// `huntgraph warninglists`, `huntgraph dispositions` and `huntgraph exclusions` as a user runs them: each
// prints one line per thing it did, and a bad argument is one line naming it, with exit code 1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type CliDatabase, cliDatabase, inDatabase, runCli } from "../support/cli";

let cli: CliDatabase;
let lists: string;
const huntgraph = (...args: string[]) => runCli(args, cli.env);

/** Two lists in MISP's layout (lists/<name>/list.json): a NOISE one, and a CONTEXT one by its name. */
function mispLists(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "misp-warninglists-"));
  const write = (name: string, list: object) => {
    mkdirSync(path.join(dir, "lists", name), { recursive: true });
    writeFileSync(path.join(dir, "lists", name, "list.json"), JSON.stringify(list));
  };
  write("corp-saas", {
    name: "SaaS the company uses",
    description: "d",
    version: 3,
    type: "hostname",
    matching_attributes: ["domain", "hostname"],
    list: ["slack.com", "zoom.us"],
  });
  write("lab-sinkholes", {
    name: "Lab sinkholes",
    description: "d",
    version: 1,
    type: "cidr",
    matching_attributes: ["ip-dst"],
    list: ["198.51.100.0/24", "not a block"],
  });
  return dir;
}

beforeAll(async () => {
  cli = cliDatabase();
  expect((await huntgraph("migrate")).code).toBe(0);
  lists = mispLists();
});
afterAll(async () => {
  await cli?.remove();
  rmSync(lists, { recursive: true, force: true });
});

describe("huntgraph warninglists", () => {
  it("imports a MISP checkout, a line per list, naming the entries that cannot match", async () => {
    expect(await huntgraph("warninglists", "import", lists)).toEqual({
      code: 0,
      stdout:
        "corp-saas: added, 2 entries\n" + "lab-sinkholes: added, 1 entry; 1 entry left out, which cannot match (e.g. 'not a block')\n",
      stderr: "",
    });
    // The same versions again: nothing to do.
    expect((await huntgraph("warninglists", "import", path.join(lists, "lists"))).stdout).toBe(
      "corp-saas: unchanged, 2 entries\nlab-sinkholes: unchanged, 1 entry\n",
    );
  });

  it("lists them with their role, state, type and size; disables, enables and re-roles them by name", async () => {
    expect((await huntgraph("warninglists")).stdout).toBe(
      "corp-saas\tNOISE\tenabled\thostname\t2 entries\tSaaS the company uses\n" +
        "lab-sinkholes\tCONTEXT\tenabled\tcidr\t1 entry\tLab sinkholes\n",
    );
    expect((await huntgraph("warninglists", "disable", "corp-saas")).stdout).toBe("corp-saas: disabled\n");
    expect((await huntgraph("warninglists", "role", "corp-saas", "context")).stdout).toBe("corp-saas: CONTEXT\n");
    expect((await huntgraph("warninglists", "list")).stdout).toContain("corp-saas\tCONTEXT\tdisabled\t");
    expect((await huntgraph("warninglists", "enable", "corp-saas")).stdout).toBe("corp-saas: enabled\n");
  });

  it("names what is wrong: an unknown list, a role, a folder without lists", async () => {
    expect(await huntgraph("warninglists", "disable", "nope")).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: No warninglist with name 'nope'\n",
    });
    const role = await huntgraph("warninglists", "role", "corp-saas", "LOUD");
    expect([role.code, role.stderr]).toEqual([
      1,
      "error: command-argument value 'LOUD' is invalid for argument 'role'. expected NOISE or CONTEXT\n",
    ]);
    const empty = mkdtempSync(path.join(tmpdir(), "no-lists-"));
    try {
      expect((await huntgraph("warninglists", "import", empty)).stderr).toBe(
        `huntgraph: ${empty}: no MISP warninglists here (expected <name>/list.json folders)\n`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("installs the 40 bundled lists when HUNTGRAPH_WARNINGLISTS is not none", async () => {
    const bundled = await runCli(["warninglists"], { ...cli.env, HUNTGRAPH_WARNINGLISTS: "bundled" });
    const lines = bundled.stdout.trim().split("\n");
    expect(lines).toHaveLength(42);
    expect(lines).toContainEqual(
      expect.stringMatching(/^tranco10k\tNOISE\tenabled\thostname\t10000 entries\tTop 10K most-used sites from Tranco$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^dynamic-dns\tCONTEXT\tenabled\thostname\t/));
  }, 60_000);
});

describe("huntgraph dispositions and exclusions", () => {
  it("records a disposition in canonical form, lists it and removes it", async () => {
    const set = await huntgraph("dispositions", "set", "benign", "--type", "domain", "--value", "Zoom[.]US", "--reason", "approved");
    expect(set.code).toBe(0);
    const [id, kind, type, value] = set.stdout.trim().split("\t");
    expect([kind, type, value]).toEqual(["BENIGN", "domain", "zoom.us"]);
    expect((await huntgraph("dispositions")).stdout).toBe(`${id}\tBENIGN\tdomain\tzoom.us\tevery hunt\tapproved\n`);
    expect((await huntgraph("dispositions", "remove", id)).stdout).toBe("removed BENIGN of domain zoom.us\n");
    expect(await inDatabase(cli, (db) => db.dataSource.query(`SELECT count(*)::int AS n FROM ioc_dispositions`))).toEqual([{ n: 0 }]);
  });

  it("refuses a disposition for a hunt that does not exist, or of an unknown kind", async () => {
    const hunt = await huntgraph(
      "dispositions",
      "set",
      "IGNORED",
      "--type",
      "ip",
      "--value",
      "1.2.3.4",
      "--reason",
      "x",
      "--hunt",
      "Nowhere",
    );
    expect([hunt.code, hunt.stderr]).toEqual([1, "huntgraph: --hunt: no hunt is named 'Nowhere'\n"]);
    const kind = await huntgraph("dispositions", "set", "FINE", "--type", "ip", "--value", "1.2.3.4", "--reason", "x");
    expect(kind.code).toBe(1);
    expect(kind.stderr).toContain("expected one of BENIGN, IGNORED, ESCALATED");
  });

  it("adds an exclusion rule in the form it matches, lists it and removes it", async () => {
    const add = await huntgraph("exclusions", "add", "cidr", "10.1.2.3/16", "--reason", "lab network");
    expect(add.code).toBe(0);
    const [id, kind, pattern] = add.stdout.trim().split("\t");
    expect([kind, pattern]).toEqual(["CIDR", "10.1.0.0/16"]);
    expect((await huntgraph("exclusions", "list")).stdout).toBe(`${id}\tCIDR\t10.1.0.0/16\tany type\tlab network\n`);
    expect((await huntgraph("exclusions", "remove", id)).stdout).toBe("removed CIDR 10.1.0.0/16\n");
    const bad = await huntgraph("exclusions", "add", "DOMAIN", "not_a domain", "--reason", "x");
    expect([bad.code, bad.stderr]).toEqual([1, "huntgraph: pattern: 'not_a domain' is not a domain (such as example.com)\n"]);
  });
});
