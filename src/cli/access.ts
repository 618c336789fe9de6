// `huntgraph users` and `huntgraph tokens`: the operator's side of access control, straight on the
// database (as ThreatHunt's own management commands are). Every change is in the audit trail, by `cli:<os user>`.
import { text } from "node:stream/consumers";
import type { Command } from "commander";
import { ApiTokenService } from "../modules/auth/api-token.service";
import { Role } from "../modules/auth/role";
import { UserService } from "../modules/auth/user.service";
import { badInput } from "../shared/errors";
import { oneOf } from "./arguments";
import { audited, cliActorName } from "./audit";
import { type OpenDatabase, withDatabase } from "./database";
import type { CliOutput } from "./output";

/** Where a new password comes from: HUNTGRAPH_PASSWORD, else standard input (never an argument: it would show in `ps`). */
async function newPassword(env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env.HUNTGRAPH_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (process.stdin.isTTY) {
    throw badInput('give the password on standard input (read -rs PW; printf %s "$PW" | huntgraph users ...) or in HUNTGRAPH_PASSWORD');
  }
  return (await text(process.stdin)).replace(/\r?\n$/, "");
}

const roleArgument = oneOf(Role);

export function addUserCommands(program: Command, open: OpenDatabase, out: CliOutput, env: NodeJS.ProcessEnv): void {
  const users = program.command("users").description("ThreatHunt's users: who signs in (with JWT_SECRET set), and with which role");

  users
    .command("list", { isDefault: true })
    .description("list every user: name, role, active or disabled, e-mail")
    .action(() =>
      withDatabase(open, async ({ dataSource }) => {
        for (const user of await new UserService(dataSource).list()) {
          out.line([user.username, user.role, user.active ? "active" : "disabled", user.email ?? ""].join("\t"));
        }
      }),
    );

  users
    .command("create")
    .description("create a user who can sign in to huntgraph and ThreatHunt; the password is read from stdin or HUNTGRAPH_PASSWORD")
    .argument("<username>", "the name it signs in with")
    .requiredOption("--role <role>", "viewer, analyst or admin", roleArgument)
    .option("--email <email>", "its e-mail address")
    .action(async (username: string, options: { role: Role; email?: string }) => {
      const password = await newPassword(env);
      await withDatabase(open, ({ dataSource }) =>
        audited(
          dataSource,
          { action: "cli.users.create", target: `username ${username}`, outcome: "ok", details: { role: options.role } },
          async () => {
            const user = await new UserService(dataSource).create({ username, password, role: options.role, email: options.email });
            out.line(`created user ${user.username} (${user.role}), id ${user.id}`);
          },
        ),
      );
    });

  users
    .command("passwd")
    .description("set a user's password, read from stdin or HUNTGRAPH_PASSWORD")
    .argument("<username>", "the user")
    .action(async (username: string) => {
      const password = await newPassword(env);
      await withDatabase(open, ({ dataSource }) =>
        audited(dataSource, { action: "cli.users.passwd", target: `username ${username}`, outcome: "ok" }, async () => {
          await new UserService(dataSource).setPassword(username, password);
          out.line(`password of ${username} changed`);
        }),
      );
    });

  addUserChangeCommands(users, open, out);
}

/** enable, disable and role: a user's changes other than its password. */
function addUserChangeCommands(users: Command, open: OpenDatabase, out: CliOutput): void {
  for (const [command, active] of [
    ["disable", false],
    ["enable", true],
  ] as const) {
    users
      .command(command)
      .description(active ? "let a disabled user sign in again" : "stop a user from signing in; its tokens are refused at once")
      .argument("<username>", "the user")
      .action((username: string) =>
        withDatabase(open, ({ dataSource }) =>
          audited(dataSource, { action: `cli.users.${command}`, target: `username ${username}`, outcome: "ok" }, async () => {
            await new UserService(dataSource).update(username, { active });
            out.line(`${username}: ${active ? "enabled" : "disabled"}`);
          }),
        ),
      );
  }

  users
    .command("role")
    .description("change what a user may do")
    .argument("<username>", "the user")
    .argument("<role>", "viewer, analyst or admin", roleArgument)
    .action((username: string, role: Role) =>
      withDatabase(open, ({ dataSource }) =>
        audited(dataSource, { action: "cli.users.role", target: `username ${username}`, outcome: "ok", details: { role } }, async () => {
          await new UserService(dataSource).update(username, { role });
          out.line(`${username}: ${role}`);
        }),
      ),
    );
}

function expiryOf(days: string | undefined): Date | null {
  if (days === undefined) return null;
  if (!/^[1-9]\d{0,4}$/.test(days)) throw badInput(`--expires-in-days must be a whole number of days from 1, got '${days}'`);
  return new Date(Date.now() + Number(days) * 86_400_000);
}

export function addTokenCommands(program: Command, open: OpenDatabase, out: CliOutput): void {
  const tokens = program.command("tokens").description("API tokens for services (a UI backend, a SOAR, a nightly import)");

  tokens
    .command("list", { isDefault: true })
    .description("list every token: name, role, live or revoked, expiry, last use (never the secret)")
    .action(() =>
      withDatabase(open, async ({ dataSource }) => {
        for (const token of await new ApiTokenService(dataSource).list()) {
          const state = token.revokedAt ? `revoked ${token.revokedAt.toISOString()}` : "live";
          const expires = token.expiresAt ? `expires ${token.expiresAt.toISOString()}` : "never expires";
          const used = token.lastUsedAt ? `last used ${token.lastUsedAt.toISOString()}` : "never used";
          out.line([token.name, token.role, state, expires, used].join("\t"));
        }
      }),
    );

  tokens
    .command("create")
    .description("make a token and print its secret: the only time it is shown")
    .argument("<name>", "what it is for")
    .requiredOption("--role <role>", "viewer, analyst or admin", roleArgument)
    .option("--expires-in-days <days>", "refuse it after this many days (default: never)")
    .action((name: string, options: { role: Role; expiresInDays?: string }) =>
      withDatabase(open, ({ dataSource }) =>
        audited(
          dataSource,
          { action: "cli.tokens.create", target: `API token ${name}`, outcome: "ok", details: { role: options.role } },
          async () => {
            const { secret, token } = await new ApiTokenService(dataSource).create({
              name,
              role: options.role,
              expiresAt: expiryOf(options.expiresInDays),
              createdBy: cliActorName(),
            });
            out.line(secret);
            out.stderr(
              `token '${token.name}' (${token.role}) made: the secret above is shown once; send it as "Authorization: Bearer <secret>"\n`,
            );
          },
        ),
      ),
    );

  tokens
    .command("revoke")
    .description("revoke a live token by name or id: it is refused from the next request on")
    .argument("<name>", "its name or id")
    .action((name: string) =>
      withDatabase(open, ({ dataSource }) =>
        audited(dataSource, { action: "cli.tokens.revoke", target: `API token ${name}`, outcome: "ok" }, async () => {
          await new ApiTokenService(dataSource).revoke(name);
          out.line(`${name}: revoked`);
        }),
      ),
    );
}
