// `huntgraph warninglists`: list the warninglists, import MISP's, enable and disable them, change their role.
import type { Command } from "commander";
import { WarninglistRole } from "../modules/warninglist/warninglist.entity";
import { type LoadOutcome, WarninglistService } from "../modules/warninglist/warninglist.service";
import { oneOf } from "./arguments";
import { type OpenDatabase, withDatabase } from "./database";
import type { CliOutput } from "./output";

const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

function describeOutcome(outcome: LoadOutcome): string {
  const { count, examples } = outcome.rejected;
  const rejected = count === 0 ? "" : `; ${entries(count)} left out, which cannot match (e.g. ${examples.map((e) => `'${e}'`).join(", ")})`;
  const reason = outcome.reason === undefined ? "" : `: ${outcome.reason}`;
  return `${outcome.name}: ${outcome.status}, ${entries(outcome.entries)}${reason}${rejected}`;
}

export function addWarninglistCommands(program: Command, open: OpenDatabase, out: CliOutput): void {
  const lists = program
    .command("warninglists")
    .description("MISP warninglists: well-known values set aside as noise (NOISE) or that raise an indicator (CONTEXT)");

  lists
    .command("list", { isDefault: true })
    .description("list every warninglist: name, role, enabled, type, entries, title")
    .action(() =>
      withDatabase(open, async ({ dataSource }) => {
        for (const list of await new WarninglistService(dataSource).list()) {
          out.line(
            [list.name, list.role, list.enabled ? "enabled" : "disabled", list.listType, entries(list.entryCount), list.title].join("\t"),
          );
        }
      }),
    );

  lists
    .command("import")
    .description("load the lists of a MISP warninglists checkout (its lists/ folder, or the repository): new lists and new versions")
    .argument("<dir>", "MISP's lists/ folder, or a checkout of the misp-warninglists repository")
    .action((dir: string) =>
      withDatabase(open, async ({ dataSource }) => {
        for (const outcome of await new WarninglistService(dataSource).importDirectory(dir)) out.line(describeOutcome(outcome));
      }),
    );

  for (const [command, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    lists
      .command(command)
      .description(`${command} lists by name: ${enabled ? "their matches count again" : "the values they set aside come back"}, at once`)
      .argument("<names...>", "list names (as `huntgraph warninglists` shows them)")
      .action((names: string[]) =>
        withDatabase(open, async ({ dataSource }) => {
          const service = new WarninglistService(dataSource);
          for (const name of names) {
            await service.update(name, { enabled });
            out.line(`${name}: ${enabled ? "enabled" : "disabled"}`);
          }
        }),
      );
  }

  lists
    .command("role")
    .description("change what a list's matches do: NOISE sets values aside, CONTEXT raises them")
    .argument("<name>", "list name")
    .argument("<role>", "NOISE or CONTEXT", oneOf(WarninglistRole))
    .action((name: string, newRole: WarninglistRole) =>
      withDatabase(open, async ({ dataSource }) => {
        await new WarninglistService(dataSource).update(name, { role: newRole });
        out.line(`${name}: ${newRole}`);
      }),
    );
}
