// Warninglists: loading MISP's lists (the bundled subset, or a checkout of MISP's `lists/` folder),
// listing them, and switching them on and off or changing their role. Loading a list computes its
// matches on every shared value at once; enabling, disabling or changing a role only flips a flag.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { withoutStatementTimeout } from "../../database/transactions";
import { badInput, notFound } from "../../shared/errors";
import { matchList } from "../matching/matcher";
import { type ParsedWarninglist, parseWarninglist, warninglistVersion } from "./misp-format";
import { defaultRole } from "./roles";
import { Warninglist, type WarninglistRole, WarninglistType } from "./warninglist.entity";

/** The lists shipped with huntgraph (data/warninglists, CC0, provenance in its README). */
const BUNDLED_DIRECTORY = [
  path.resolve(__dirname, "../../../data/warninglists"),
  path.resolve(__dirname, "../../../../data/warninglists"),
].find((dir) => existsSync(dir))!;

/** Rows per INSERT of entries. */
const ENTRY_BATCH = 20_000;

/** The lock that imports take to record shared values: a list is matched while no value is being added. */
const LOCK_SHARED_VALUES = `SELECT pg_advisory_xact_lock(4242001)`;

type LoadStatus = "added" | "updated" | "unchanged" | "skipped";

/** What loading one list did. */
export interface LoadOutcome {
  name: string;
  status: LoadStatus;
  entries: number;
  /** Entries left out because they cannot match (bad blocks, bad expressions), with examples. */
  rejected: { count: number; examples: string[] };
  /** Why a list was skipped. */
  reason?: string;
}

export interface WarninglistChanges {
  enabled?: boolean | null;
  role?: WarninglistRole | null;
}

/**
 * Whether a list file is the version already loaded: same version, same number of entries in the file.
 * The bundled copy never replaces a list an operator imported from MISP (importDirectory).
 */
function unchanged(existing: Warninglist, file: { version: string; size: number }): boolean {
  return existing.version === file.version && existing.fileEntries === file.size;
}

export class WarninglistService {
  constructor(private readonly db: DataSource) {}

  list(): Promise<Warninglist[]> {
    return this.db.getRepository(Warninglist).find({ order: { name: "ASC" } });
  }

  async byName(name: string): Promise<Warninglist> {
    const list = await this.db.getRepository(Warninglist).findOneBy({ name });
    if (!list) throw notFound("warninglist", name, "name");
    return list;
  }

  async update(name: string, changes: WarninglistChanges): Promise<Warninglist> {
    const list = await this.byName(name);
    if (changes.enabled !== undefined && changes.enabled !== null) list.enabled = changes.enabled;
    if (changes.role !== undefined && changes.role !== null) list.role = changes.role;
    return this.db.getRepository(Warninglist).save(list);
  }

  /** Installs or updates the bundled lists (enabled, with their default roles); an operator's choices are kept. */
  installBundled(): Promise<LoadOutcome[]> {
    return this.importDirectory(BUNDLED_DIRECTORY, "bundled");
  }

  /**
   * Loads every `<name>/list.json` under `directory`: MISP's `lists/` folder, or a checkout of the
   * misp-warninglists repository (whose `lists/` is then read). Each list in its own transaction.
   */
  async importDirectory(directory: string, origin = "imported"): Promise<LoadOutcome[]> {
    const root = existsSync(path.join(directory, "lists")) ? path.join(directory, "lists") : directory;
    if (!existsSync(root)) throw badInput(`${directory}: no such directory`, "directory");
    const names = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, "list.json")))
      .map((entry) => entry.name)
      .sort();
    if (names.length === 0) throw badInput(`${directory}: no MISP warninglists here (expected <name>/list.json folders)`, "directory");
    const loaded = new Map((await this.list()).map((list) => [list.name, list]));
    const outcomes: LoadOutcome[] = [];
    for (const name of names) {
      const file = path.join(root, name, "list.json");
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        throw badInput(`${file}: not valid JSON (${(error as Error).message})`, "directory");
      }
      const existing = loaded.get(name);
      if (existing && (unchanged(existing, warninglistVersion(json, file)) || (origin === "bundled" && existing.origin !== "bundled"))) {
        outcomes.push({ name, status: "unchanged", entries: existing.entryCount, rejected: { count: 0, examples: [] } });
        continue;
      }
      outcomes.push(await this.load(name, parseWarninglist(json, file), origin));
    }
    return outcomes;
  }

  /** Adds the list, or replaces its entries when its version or entries changed, and matches it on every shared value. */
  async load(name: string, parsed: ParsedWarninglist, origin: string): Promise<LoadOutcome> {
    const outcome = (status: LoadStatus, reason?: string): LoadOutcome => ({
      name,
      status,
      entries: parsed.entries.length,
      rejected: parsed.rejected,
      ...(reason === undefined ? {} : { reason }),
    });
    if (parsed.iocTypes.length === 0) return outcome("skipped", "it applies to no kind of indicator huntgraph indexes");
    if (parsed.listType === WarninglistType.REGEX) await this.rejectBadExpressions(parsed);
    return this.db.transaction(async (tx) => {
      await withoutStatementTimeout(tx);
      await tx.query(LOCK_SHARED_VALUES);
      const existing = await tx.getRepository(Warninglist).findOneBy({ name });
      if (existing && unchanged(existing, parsed)) return outcome("unchanged");
      const list = existing ?? Object.assign(new Warninglist(), { name, enabled: true, role: defaultRole(name) });
      Object.assign(list, {
        title: parsed.title,
        description: parsed.description,
        version: parsed.version,
        listType: parsed.listType,
        iocTypes: parsed.iocTypes,
        origin,
        entryCount: parsed.entries.length,
        fileEntries: parsed.size,
        importedAt: new Date(),
      });
      const saved = await tx.getRepository(Warninglist).save(list);
      await this.replaceEntries(tx, saved.id, parsed);
      await matchList(tx, saved.id);
      return outcome(existing ? "updated" : "added");
    });
  }

  private async replaceEntries(tx: EntityManager, listId: number, parsed: ParsedWarninglist): Promise<void> {
    await tx.query(`DELETE FROM warninglist_entries WHERE list_id = $1`, [listId]);
    for (let start = 0; start < parsed.entries.length; start += ENTRY_BATCH) {
      const batch = parsed.entries.slice(start, start + ENTRY_BATCH);
      await tx.query(
        `INSERT INTO warninglist_entries (list_id, pattern, network) SELECT $1, p, n::cidr FROM unnest($2::text[], $3::text[]) AS e(p, n)`,
        [listId, batch.map((entry) => entry.pattern), batch.map((entry) => entry.network)],
      );
    }
  }

  /** Moves the expressions PostgreSQL cannot compile to the rejected entries. */
  private async rejectBadExpressions(parsed: ParsedWarninglist): Promise<void> {
    const kept = [];
    for (const entry of parsed.entries) {
      try {
        await this.db.query(`SELECT '' ~ $1`, [entry.pattern]);
        kept.push(entry);
      } catch {
        parsed.rejected.count++;
        if (parsed.rejected.examples.length < 3) parsed.rejected.examples.push(entry.pattern);
      }
    }
    parsed.entries = kept;
  }
}
