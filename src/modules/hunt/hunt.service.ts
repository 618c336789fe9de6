// Hunts: reads, writes, and the batch reads behind the per-request loaders.
import { type DataSource, type EntityManager, type FindOptionsWhere, In, Not } from "typeorm";
import { lockForDelete, withoutStatementTimeout } from "../../database/transactions";
import { anyOf, byKey } from "../../shared/batch";
import { notFound } from "../../shared/errors";
import { withoutUndefined } from "../../shared/objects";
import type { Page } from "../../shared/page";
import { Hunt, type HuntStatus } from "./hunt.entity";
import type { CreateHuntInput, UpdateHuntInput } from "./hunt.inputs";

/** The owner of a table with rows that belong to a hunt: it deletes them when the hunt is deleted. */
export interface HuntPart {
  deleteOfHunt(tx: EntityManager, huntId: string): Promise<void>;
}

function listed(filter: { status?: HuntStatus }, hidden: readonly string[]): FindOptionsWhere<Hunt> {
  return { ...(filter.status ? { status: filter.status } : {}), ...(hidden.length > 0 ? { id: Not(In([...hidden])) } : {}) };
}

export class HuntService {
  constructor(
    private readonly db: DataSource,
    /** The owners of the tables that hold a hunt's rows (datasets, hypotheses), in the order they delete them. */
    private readonly parts: readonly HuntPart[],
  ) {}

  private get repo() {
    return this.db.getRepository(Hunt);
  }

  async byIds(ids: readonly string[]): Promise<(Hunt | null)[]> {
    const hunts = await this.repo.findBy({ id: anyOf(ids) });
    return byKey(ids, hunts, (hunt) => hunt.id);
  }

  async get(id: string): Promise<Hunt> {
    const hunt = await this.repo.findOneBy({ id });
    if (!hunt) throw notFound("hunt", id);
    return hunt;
  }

  findByName(name: string): Promise<Hunt[]> {
    return this.repo.find({ where: { name: name.trim() }, order: { createdAt: "ASC", id: "ASC" } });
  }

  /** Fails with NOT_FOUND naming every id that does not exist. */
  async assertExist(ids: readonly string[]): Promise<void> {
    const found = await this.repo.find({ select: { id: true }, where: { id: anyOf(ids) } });
    const known = new Set(found.map((hunt) => hunt.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw notFound(missing.length === 1 ? "hunt" : "hunts", missing);
  }

  /** Newest first, without the `hidden` hunts; the id breaks ties so that pages never overlap. */
  list(filter: { status?: HuntStatus }, page: Page, hidden: readonly string[] = []): Promise<Hunt[]> {
    return this.repo.find({
      where: listed(filter, hidden),
      order: { createdAt: "DESC", id: "ASC" },
      skip: page.offset,
      take: page.limit + 1,
    });
  }

  count(filter: { status?: HuntStatus }, hidden: readonly string[] = []): Promise<number> {
    return this.repo.countBy(listed(filter, hidden));
  }

  /** Every hunt with how many datasets and rows it holds, newest first (for `huntgraph hunts`). */
  summaries(): Promise<Array<{ id: string; name: string; status: string; datasets: number; rows: number }>> {
    return this.db.query(
      `SELECT h.id, h.name, h.status, count(d.id)::int AS datasets, coalesce(sum(d.row_count), 0)::float8 AS rows
       FROM hunts h LEFT JOIN datasets d ON d.hunt_id = h.id
       GROUP BY h.id ORDER BY h.created_at DESC, h.id`,
    );
  }

  /** An explicit null status means the default, as when it is left out (the column is NOT NULL). */
  create(input: CreateHuntInput & { ownerId?: string | null }): Promise<Hunt> {
    return this.repo.save(
      this.repo.create({ ...input, name: input.name.trim(), status: input.status ?? undefined, restricted: input.restricted ?? undefined }),
    );
  }

  async update(id: string, input: UpdateHuntInput): Promise<Hunt> {
    const hunt = await this.get(id);
    this.repo.merge(hunt, withoutUndefined({ ...input, name: input.name?.trim() }));
    return this.repo.save(hunt);
  }

  /** Deletes the hunt with its hypotheses and datasets (rows and index go with them), all or nothing. */
  async delete(id: string): Promise<string> {
    await this.get(id);
    // Each table's owner deletes its part, in one transaction.
    await this.db.transaction(async (tx) => {
      await withoutStatementTimeout(tx);
      await lockForDelete(tx, "hunts", id, `hunt ${id} is being imported into or changed right now; delete it once that has ended`);
      for (const part of this.parts) await part.deleteOfHunt(tx, id);
      await tx.delete(Hunt, { id });
    });
    return id;
  }
}
