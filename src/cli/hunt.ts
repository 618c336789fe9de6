// The hunt a command names with --hunt: its id, or its exact name.
import type { Services } from "../modules/services";
import { badInput } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";

/** The id of the hunt with that id (which must exist) or that name; null when no hunt has the name. */
export async function findHunt(services: Services, hunt: string): Promise<string | null> {
  if (ID_PATTERN.test(hunt)) return (await services.hunts.get(hunt)).id;
  const matches = await services.hunts.findByName(hunt);
  if (matches.length > 1)
    throw badInput(`${matches.length} hunts are named '${hunt}': give one of their ids (${matches.map((h) => h.id).join(", ")})`);
  return matches[0]?.id ?? null;
}
