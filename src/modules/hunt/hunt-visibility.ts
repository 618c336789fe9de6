// Which hunts one request's caller sees. A restricted hunt is seen by its owner, its members and admins;
// to anyone else it does not exist: not listed, not correlated, not counted, not reachable by any id.
// Computed once per request, when first needed.
import type { DataSource } from "typeorm";
import { notFound } from "../../shared/errors";
import { type Caller, seesEveryHunt } from "../auth/caller";

/**
 * The restricted hunts `$1` (a user id, or null for an API token) is neither owner nor member of. A null
 * `$1` owns nothing and is a member of nothing, whatever the hunt's owner_id (null too, for a hunt made by
 * an API token or by ThreatHunt).
 */
const HIDDEN_HUNTS = `
  SELECT h.id FROM hunts h
  WHERE h.restricted
    AND NOT coalesce(h.owner_id = $1 OR EXISTS (SELECT 1 FROM hunt_members m WHERE m.hunt_id = h.id AND m.user_id = $1), false)`;

/** What a row that belongs to a hunt is, for NOT_FOUND: its table and the name its errors use. */
const PARTS = { datasets: "dataset", hypotheses: "hypothesis", ioc_dispositions: "disposition" } as const;

export class HuntVisibility {
  private hiddenIds?: Promise<ReadonlySet<string>>;

  constructor(
    private readonly db: DataSource,
    readonly caller: Caller,
  ) {}

  /** The hunts hidden from the caller: empty when it sees every hunt. */
  hidden(): Promise<ReadonlySet<string>> {
    if (seesEveryHunt(this.caller)) return Promise.resolve(new Set());
    const userId = this.caller.kind === "user" ? this.caller.id : null;
    return (this.hiddenIds ??= this.db.query(HIDDEN_HUNTS, [userId]).then((rows: { id: string }[]) => new Set(rows.map((row) => row.id))));
  }

  /** The ids of the hidden hunts, for SQL (`<> ALL($n)`); empty when none is hidden. */
  async hiddenList(): Promise<string[]> {
    return [...(await this.hidden())];
  }

  async sees(huntId: string | null): Promise<boolean> {
    return huntId === null || !(await this.hidden()).has(huntId);
  }

  /** NOT_FOUND, as for a hunt that does not exist, for hunts the caller does not see. */
  async assertHunts(ids: readonly string[]): Promise<void> {
    const hidden = await this.hidden();
    const unseen = ids.filter((id) => hidden.has(id));
    if (unseen.length > 0) throw notFound(unseen.length === 1 ? "hunt" : "hunts", unseen);
  }

  /** NOT_FOUND for a dataset, hypothesis or disposition of a hunt the caller does not see (rows that do not exist are left to their service). */
  async assertPartOf(table: keyof typeof PARTS, id: string): Promise<void> {
    if ((await this.hidden()).size === 0) return;
    const [row] = await this.db.query(`SELECT hunt_id FROM ${table} WHERE id = $1`, [id]);
    if (row && !(await this.sees(row.hunt_id))) throw notFound(PARTS[table], id);
  }
}
