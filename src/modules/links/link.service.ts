// New cross-hunt links as one receiver sees them: only those between hunts it sees, each with the overlap
// it is now (score, reasons, what sets it aside) over every hunt it sees, computed once per batch.
import type { DataSource } from "typeorm";
import { iocKey } from "../../shared/ioc-type";
import type { Caller } from "../auth/caller";
import type { CorrelationService } from "../correlation/correlation.service";
import type { IocOverlap } from "../correlation/correlation.types";
import { HuntVisibility } from "../hunt/hunt-visibility";
import type { LinkFeed } from "./link-feed";
import { type CrossHuntLink, type LinkRow, linkOf } from "./link.type";

export interface LinkFilter {
  /** Also the links whose indicator is set aside as noise (a NOISE list, a rule, a BENIGN or IGNORED disposition). */
  includeSuppressed: boolean;
}

export class LinkService {
  constructor(
    private readonly db: DataSource,
    readonly feed: LinkFeed,
    private readonly correlation: CorrelationService,
  ) {}

  /**
   * The links after `after` (null: from now on) that `caller` sees, until `signal` aborts. A link is seen
   * when the hunt that joined and another of its hunts are seen; its hunts are those seen. Who sees what is
   * read again for every batch, so a hunt restricted meanwhile drops out.
   */
  async *links(after: string | null, filter: LinkFilter, caller: Caller, signal: AbortSignal): AsyncGenerator<CrossHuntLink> {
    for await (const rows of this.feed.batches(after, signal)) {
      const visibility = new HuntVisibility(this.db, caller);
      const hidden = await visibility.hidden();
      const seen = rows
        .map((row) => ({ ...row, hunt_ids: row.hunt_ids.filter((id) => !hidden.has(id)) }))
        .filter((row) => !hidden.has(row.hunt_id) && row.hunt_ids.length >= 2);
      const overlaps = await this.overlapsOf(seen, visibility, signal);
      for (const row of seen) {
        const overlap = overlaps.get(iocKey(row.ioc_type, row.value)) ?? null;
        if (!filter.includeSuppressed && overlap !== null && overlap.suppressedBy.length > 0) continue;
        yield linkOf(row, overlap);
      }
    }
  }

  /** The overlaps of a batch's indicators over every hunt the receiver sees, by iocKey: one query. */
  private async overlapsOf(rows: LinkRow[], visibility: HuntVisibility, signal: AbortSignal): Promise<Map<string, IocOverlap>> {
    if (rows.length === 0) return new Map();
    const correlation = await this.correlation.correlation(undefined, signal, visibility);
    const keys = { types: rows.map((row) => row.ioc_type), values: rows.map((row) => row.value) };
    const overlaps = await this.correlation.iocOverlapsOfKeys(correlation, keys, signal);
    return new Map(overlaps.map((overlap) => [iocKey(overlap.iocType, overlap.value), overlap]));
  }
}
