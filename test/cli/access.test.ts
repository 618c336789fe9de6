// `huntgraph users` and `huntgraph tokens` as an operator runs them: users ThreatHunt can sign in (their
// hashes checked with libxcrypt, as passlib's bcrypt would), tokens shown once and stored hashed, every
// change in the audit trail, and bad arguments as one line naming them.
import { libxcryptVerifies } from "../support/auth";
import { type CliDatabase, cliDatabase, inDatabase, runCli } from "../support/cli";

let cli: CliDatabase;
const huntgraph = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...cli.env, ...env });

beforeAll(async () => {
  cli = cliDatabase();
  expect((await huntgraph(["migrate"])).code).toBe(0);
});
afterAll(() => cli.remove());

describe("huntgraph users", () => {
  it("creates a user with its role, whose hash ThreatHunt accepts, and lists it", async () => {
    const created = await huntgraph(["users", "create", "tess", "--role", "analyst", "--email", "tess@soc.example"], {
      HUNTGRAPH_PASSWORD: "tess passphrase",
    });
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toMatch(/^created user tess \(analyst\), id [0-9a-f]{32}\n$/);
    const [row] = await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`SELECT hashed_password, role, is_active, email FROM users WHERE username = 'tess'`),
    );
    expect(row).toMatchObject({ role: "analyst", is_active: true, email: "tess@soc.example" });
    expect(libxcryptVerifies("tess passphrase", row.hashed_password)).toBe(true);
    expect((await huntgraph(["users"])).stdout).toBe("tess\tanalyst\tactive\ttess@soc.example\n");
  });

  it("changes a password, disables, enables and changes a role, each in the audit trail", async () => {
    expect((await huntgraph(["users", "passwd", "tess"], { HUNTGRAPH_PASSWORD: "another passphrase" })).stdout).toBe(
      "password of tess changed\n",
    );
    expect((await huntgraph(["users", "disable", "tess"])).stdout).toBe("tess: disabled\n");
    expect((await huntgraph(["users"])).stdout).toBe("tess\tanalyst\tdisabled\ttess@soc.example\n");
    expect((await huntgraph(["users", "enable", "tess"])).stdout).toBe("tess: enabled\n");
    expect((await huntgraph(["users", "role", "tess", "admin"])).stdout).toBe("tess: admin\n");
    const [row] = await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`SELECT hashed_password, role FROM users WHERE username = 'tess'`),
    );
    expect(libxcryptVerifies("another passphrase", row.hashed_password)).toBe(true);
    expect(row.role).toBe("admin");
    const trail = await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`SELECT actor_kind, action, target, outcome FROM audit_events ORDER BY id`),
    );
    expect(trail.map((entry: any) => entry.action)).toEqual([
      "cli.users.create",
      "cli.users.passwd",
      "cli.users.disable",
      "cli.users.enable",
      "cli.users.role",
    ]);
    expect(trail[0]).toMatchObject({ actor_kind: "cli", target: "username tess", outcome: "ok" });
  });

  it("answers bad input with one line naming it, and records the failure", async () => {
    expect(await huntgraph(["users", "create", "tess", "--role", "viewer"], { HUNTGRAPH_PASSWORD: "yet another one" })).toEqual({
      code: 1,
      stdout: "",
      stderr: "huntgraph: a user named 'tess' already exists\n",
    });
    expect((await huntgraph(["users", "create", "short", "--role", "viewer"], { HUNTGRAPH_PASSWORD: "short" })).stderr).toBe(
      "huntgraph: the password must have at least 8 characters\n",
    );
    expect((await huntgraph(["users", "create", "x", "--role", "root"], { HUNTGRAPH_PASSWORD: "long enough" })).stderr).toContain(
      "option '--role <role>' argument 'root' is invalid. expected one of VIEWER, ANALYST, ADMIN",
    );
    expect((await huntgraph(["users", "disable", "nobody"])).stderr).toBe("huntgraph: No user with username 'nobody'\n");
    const [failed] = await inDatabase(cli, ({ dataSource }) =>
      dataSource.query(`SELECT outcome, error_code FROM audit_events WHERE action = 'cli.users.disable' ORDER BY id DESC LIMIT 1`),
    );
    expect(failed).toEqual({ outcome: "failed", error_code: "NOT_FOUND" });
  });
});

describe("huntgraph tokens", () => {
  it("prints a new token's secret once, stores only its hash, lists it and revokes it", async () => {
    const made = await huntgraph(["tokens", "create", "soar", "--role", "analyst", "--expires-in-days", "30"]);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^hgt_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toContain("the secret above is shown once");
    const rows = await inDatabase(cli, ({ dataSource }) => dataSource.query(`SELECT token_hash, expires_at FROM api_tokens`));
    expect(JSON.stringify(rows)).not.toContain(secret.slice(4));
    expect(rows[0].expires_at.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect((await huntgraph(["tokens"])).stdout).toMatch(/^soar\tanalyst\tlive\texpires \S+\tnever used\n$/);
    expect((await huntgraph(["tokens", "revoke", "soar"])).stdout).toBe("soar: revoked\n");
    expect((await huntgraph(["tokens"])).stdout).toMatch(/^soar\tanalyst\trevoked \S+\texpires \S+\tnever used\n$/);
    expect((await huntgraph(["tokens", "revoke", "soar"])).stderr).toBe("huntgraph: No live API token with name or id 'soar'\n");
  });

  it("names a bad expiry", async () => {
    expect((await huntgraph(["tokens", "create", "x", "--role", "viewer", "--expires-in-days", "0"])).stderr).toBe(
      "huntgraph: --expires-in-days must be a whole number of days from 1, got '0'\n",
    );
  });
});
