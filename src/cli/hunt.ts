// `huntgraph hunts`, and the hunt a command names with --hunt: its id, or its exact name.
import type { Command } from "commander";
import { createServices, type Services } from "../modules/services";
import { badInput } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";
import { type OpenDatabase, withDatabase } from "./database";
import { plural } from "./import-outcomes";
import type { CliOutput } from "./output";

/** The id of the hunt with that id (which must exist) or that name; null when no hunt has the name. */
export async function findHunt(services: Services, hunt: string): Promise<string | null> {
  if (ID_PATTERN.test(hunt)) return (await services.hunts.get(hunt)).id;
  const matches = await services.hunts.findByName(hunt);
  if (matches.length > 1)
    throw badInput(`${matches.length} hunts are named '${hunt}': give one of their ids (${matches.map((h) => h.id).join(", ")})`);
  return matches[0]?.id ?? null;
}

export function addHuntCommands(program: Command, open: OpenDatabase, out: CliOutput): void {
  program
    .command("hunts")
    .description("list the hunts, newest first: id, name, status, datasets, rows")
    .action(() =>
      withDatabase(open, async (opened) => {
        for (const hunt of await createServices(opened).hunts.summaries()) {
          out.line([hunt.id, hunt.name, hunt.status, plural(hunt.datasets, "dataset"), plural(hunt.rows, "row")].join("\t"));
        }
      }),
    );
}
