// The occurrence index's API, for ingest, reindex, correlation and sightings: writing one dataset's
// entries inside a transaction, and every read of the index. Nothing else touches ioc_occurrences or
// ioc_shared_values.
import type { PGlite } from "@electric-sql/pglite";
import type { DataSource, QueryRunner } from "typeorm";
import { queryRunnerCopyTarget } from "../../database/copy";
import { HeavyWork } from "../../database/heavy-work";
import type { IocType } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import { matchNewValues } from "../matching/matcher";
import { OccurrenceIndexBuilder } from "./builder";
import { SCORE_PAGE_OF_EVERY_HUNT, TALLIES_OF_EVERY_HUNT } from "./every-hunt.sql";
import { type GROUP_ORDERS, groupsOfKeys, groupsPage, groupsPageByScore, groupTallies, type HuntScope } from "./groups.sql";
import { type IndexOptions, OccurrenceIndexWriter } from "./index-writer";
import { indexedColumns, observingHostColumn } from "./indexed-columns";
import * as sql from "./occurrence.sql";
import type { GroupTally } from "./tallies";

/** One entry of the index as its reads return it. */
export interface OccurrenceRow {
  ioc_type: IocType;
  value: string;
  dataset_id: string;
  hunt_id: string | null;
  column_name: string;
  raw_value: string;
  occurrences: number;
  first_row_index: number;
  first_seen: Date | null;
  last_seen: Date | null;
  /** Distinct hosts of its rows; null when the dataset names none. */
  hosts: number | null;
}

/** Indicators by type and canonical value, side by side. */
export interface Indicators {
  types: readonly IocType[];
  values: readonly string[];
}

/** Which cross-hunt groups to read (see groups.sql). */
export interface GroupFilter {
  minHunts: number;
  /** Only this IOC type; null for all. */
  type: IocType | null;
  /** Only groups with this most severe verdict; null for any. */
  verdict: string | null;
  /** Count only the entries of IOC columns (IOC overlaps), or every entry (host overlaps). */
  iocColumnsOnly: boolean;
  /** The values shown, those set aside as noise, or both. */
  view: GroupView;
}

export type GroupView = "SHOWN" | "SUPPRESSED" | "ALL";

/** How a page of groups is ordered (see GROUP_ORDERS in groups.sql). */
export type GroupOrder = "SCORE" | "ROW_COUNT" | "HUNTS" | "LAST_SEEN" | "VALUE";

/** The page queries, made once per scope and order; the page by score of every hunt's shown IOCs has its own. */
const GROUP_PAGES = new Map<string, string>();

function pageQuery(scope: HuntScope, order: GroupOrder, filter: GroupFilter): string {
  const shownIocs = filter.view === "SHOWN" && filter.verdict === null && filter.iocColumnsOnly;
  if (scope === "every" && order === "SCORE" && shownIocs) return SCORE_PAGE_OF_EVERY_HUNT;
  const key = `${scope}/${order}`;
  let query = GROUP_PAGES.get(key);
  if (query === undefined) {
    query = order === "SCORE" ? groupsPageByScore(scope) : groupsPage(scope, order satisfies keyof typeof GROUP_ORDERS);
    GROUP_PAGES.set(key, query);
  }
  return query;
}

const TALLIES = { every: groupTallies("every"), some: groupTallies("some"), visible: groupTallies("visible") };
const KEY_QUERIES = { every: groupsOfKeys("every"), some: groupsOfKeys("some"), visible: groupsOfKeys("visible") };

/** A warninglist as a group's matches name it. */
export interface ListRef {
  id: number;
  name: string;
  title: string;
}

/** An exclusion rule as a group's matches name it. */
interface RuleRef {
  id: string;
  kind: string;
  pattern: string;
  reason: string;
}

/** Which groups a tally of the same groups counts. */
export type TallyFilter = Omit<GroupFilter, "verdict" | "view">;

/**
 * A value indexed in several of the hunts: its hunts, appearances (a bigint, as text) and latest time
 * there; its prevalence in the whole database; its verdict; and its score with the signals that make it up.
 */
export interface GroupRow {
  ioc_type: IocType;
  value: string;
  hunt_ids: string[];
  appearances: string;
  last_seen: Date | null;
  database_hunts: number;
  database_datasets: number;
  /** Distinct hosts of the rows holding it; null when no dataset recorded its hosts. */
  database_hosts: number | null;
  total_hunts: number;
  total_datasets: number;
  total_hosts: number;
  /** An address in private space (never noise). */
  internal: boolean;
  /** Enabled warninglists that match it, by role; null for none. */
  noise: ListRef[] | null;
  context: ListRef[] | null;
  rules: RuleRef[] | null;
  disposition_id: string | null;
  disposition: string | null;
  disposition_reason: string | null;
  disposition_hunt_id: string | null;
  suppressed: boolean;
  verdict: string | null;
  /** The source of that verdict. */
  verdict_source: string | null;
  verdict_effect: number;
  disposition_effect: number;
  noise_effect: number;
  context_effect: number;
  rule_effect: number;
  hunt_rarity_effect: number;
  dataset_rarity_effect: number;
  host_rarity_effect: number;
  spread_effect: number;
  type_effect: number;
  score: number;
}

/** The builder and writer of one dataset's index, inside the caller's transaction. */
export interface DatasetIndex {
  builder: OccurrenceIndexBuilder;
  writer: OccurrenceIndexWriter;
}

export class OccurrenceIndex {
  constructor(
    private readonly db: DataSource,
    /** Set on the embedded database, whose bulk path is COPY from a blob. */
    private readonly pglite?: PGlite,
    private readonly options: IndexOptions = {},
    /** How the group queries run (the process's one, from createServices). */
    private readonly heavy = new HeavyWork(db, pglite === undefined),
  ) {}

  /**
   * Starts the index of a dataset in the transaction of `runner`: a builder for the columns it records
   * (rows come as cells in `header` order, or as objects when no header is given) and the writer it goes to.
   */
  async start(
    runner: QueryRunner,
    dataset: { id: string; huntId: string | null; iocColumns: Record<string, string>; normalizedColumns: Record<string, string> },
    header?: readonly string[],
  ): Promise<DatasetIndex> {
    const builder = new OccurrenceIndexBuilder(
      indexedColumns(dataset.iocColumns, dataset.normalizedColumns),
      header,
      observingHostColumn(dataset.normalizedColumns),
    );
    const target = await queryRunnerCopyTarget(runner, this.pglite);
    const writer = new OccurrenceIndexWriter(target, dataset.id, dataset.huntId, this.options, this.pglite !== undefined);
    return { builder, writer };
  }

  /**
   * Before an import records its shared values, or a reindex deletes a dataset's entries: takes the lock
   * of shared values (held to the commit) and keeps what the dataset's hunt shares now, so that only the
   * links that are new become events.
   */
  async beginSharedUpdate(runner: QueryRunner, datasetId: string): Promise<void> {
    await runner.query(sql.LOCK_SHARED_VALUES);
    const [create, truncate, keep] = sql.KEEP_SHARED_BEFORE;
    await runner.query(create);
    await runner.query(truncate);
    await runner.query(keep, [datasetId]);
  }

  /** Removes a dataset's entries (reindex writes them again in the same transaction). */
  async deleteDataset(runner: QueryRunner, datasetId: string): Promise<void> {
    await runner.query(sql.DELETE_OCCURRENCES, [datasetId]);
  }

  /**
   * After a dataset's entries are written (and beginSharedUpdate): records which of its values other hunts
   * have too, with their aggregates, the links that are new as events, and matches the values that are new
   * among them against the warninglists and rules. Returns how many links are new.
   */
  async recordSharedValues(runner: QueryRunner, datasetId: string): Promise<number> {
    await runner.query(sql.RECORD_SHARED_VALUES, [datasetId]);
    const [recorded] = await runner.query(sql.RECORD_NEW_LINKS, [datasetId]);
    await matchNewValues(runner);
    return recorded?.links ?? 0;
  }

  /**
   * After an import or reindex has committed: the values it shares each left a dead version in the shared
   * values and their hunts, which every correlation request reads (right after an import of the wide
   * corpus, 80,000 dead versions beside 19,000 live ones). Vacuumed now (25 ms for those 19,000, where
   * ANALYZE took 270) rather than when autovacuum next comes, if it does: PGlite has none. A vacuum
   * already running on them is not waited for, and one that fails leaves the work to autovacuum: what was
   * imported is committed either way.
   */
  async vacuumSharedValues(): Promise<void> {
    await this.db.query("VACUUM (SKIP_LOCKED) ioc_shared_values, ioc_value_hunts").catch(() => undefined);
  }

  /** Every entry of the indicators outside the `hidden` hunts, earliest first, a page at a time (one row more than the page). */
  sightings(indicators: Indicators, page: Page, hidden: readonly string[]): Promise<OccurrenceRow[]> {
    return this.db.query(sql.SIGHTINGS, [indicators.types, indicators.values, hidden, page.limit + 1, page.offset]);
  }

  async sightingCount(indicators: Indicators, hidden: readonly string[]): Promise<number> {
    const [{ count }] = await this.db.query(sql.SIGHTING_COUNT, [indicators.types, indicators.values, hidden]);
    return count;
  }

  /** The entries of a batch of indicators within the hunts: of IOC columns only, or of every indexed column. */
  occurrencesOf(huntIds: readonly string[], indicators: Indicators, iocColumnsOnly: boolean): Promise<OccurrenceRow[]> {
    return this.db.query(sql.OCCURRENCES_OF, [huntIds, indicators.types, indicators.values, iocColumnsOnly]);
  }

  /**
   * A page of the values shared by the hunts, in `order` (one row more than the page). When the hunts are
   * every hunt of the database, the shared values' aggregates are read as they are kept.
   */
  groups(hunts: HuntSet, filter: GroupFilter, order: GroupOrder, page: Page, signal?: AbortSignal): Promise<GroupRow[]> {
    const params = [...groupParams(hunts, filter), page.limit + 1, page.offset];
    return this.heavy.query(pageQuery(scopeOf(hunts), order, filter), hunts.hidden ? [...params, hunts.hidden] : params, signal);
  }

  /** The groups of these keys, scored, in (type, value) order; a key that is no group is left out. */
  groupsOf(hunts: HuntSet, filter: GroupFilter, keys: Indicators, signal?: AbortSignal): Promise<GroupRow[]> {
    const params = [...groupParams(hunts, filter), keys.types, keys.values];
    return this.heavy.query(KEY_QUERIES[scopeOf(hunts)], hunts.hidden ? [...params, hunts.hidden] : params, signal);
  }

  /** The groups' tallies, from which every count of them (by view and verdict) is taken. */
  tallies(hunts: HuntSet, filter: TallyFilter, signal?: AbortSignal): Promise<GroupTally[]> {
    const params = groupParams(hunts, { ...filter, verdict: null, view: "ALL" });
    const scope = scopeOf(hunts);
    const query = scope === "every" && filter.iocColumnsOnly ? TALLIES_OF_EVERY_HUNT : TALLIES[scope];
    return this.heavy.query(query, hunts.hidden ? [...params, hunts.hidden] : params, signal);
  }
}

/** The correlated hunts, whether they are every hunt of the database, and the hunts hidden from the caller. */
export interface HuntSet {
  ids: readonly string[];
  every: boolean;
  /** null when the caller sees every hunt; else the hunts left out of prevalence and totals. */
  hidden: readonly string[] | null;
}

function scopeOf(hunts: HuntSet): HuntScope {
  if (hunts.hidden) return "visible";
  return hunts.every ? "every" : "some";
}

function groupParams(hunts: HuntSet, filter: GroupFilter): unknown[] {
  return [hunts.ids, filter.minHunts, filter.type, filter.verdict, filter.iocColumnsOnly, filter.view];
}
