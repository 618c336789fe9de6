// The correlation engine: ThreatHunt's four analyses as SQL over the occurrence index, datasets and
// hypotheses, complete and paged, plus the summary built from their counts.
import type { DataSource } from "typeorm";
import type { HeavyWork } from "../../database/heavy-work";
import { groupByKey } from "../../shared/batch";
import { badInput } from "../../shared/errors";
import { IocType, iocKey, splitIocKey } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import { attackTechnique, finalReplacements } from "../attack/attack-technique";
import { Verdict } from "../enrichment/enrichment.entity";
import type { HuntVisibility } from "../hunt/hunt-visibility";
import type { HuntService } from "../hunt/hunt.service";
import { type IocSighting, toSighting } from "../ioc/ioc-sighting.type";
import type { GroupFilter, GroupOrder, GroupRow, GroupView, Indicators, OccurrenceIndex } from "../occurrence/occurrence-index";
import { countOf, type GroupTally, type SuppressionCounts, suppressionCountsOf } from "../occurrence/tallies";
import { Correlation } from "./correlation";
import * as sql from "./correlation.sql";
import { HostOverlap, type IocOverlap, iocOverlapOf, prevalenceOf, TechniqueOverlap, TimeOverlap } from "./correlation.types";
import type { ResultCache } from "./result-cache";
import { type CorrelationTotals, type SummaryLine, summaryLinesOf } from "./summary";

export interface IocFilter {
  iocType?: IocType;
  minHunts?: number;
  verdict?: Verdict;
  /** Also the values set aside as noise (default: only those shown). */
  includeSuppressed?: boolean;
}

const NOT_ENOUGH_HUNTS = "Need at least 2 hunts for correlation analysis.";

export class CorrelationService {
  private readonly revoked: [string[], string[]] = finalReplacements();

  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    private readonly occurrences: OccurrenceIndex,
    private readonly heavy: HeavyWork,
    /** Results shared across requests; null to compute them in every request. */
    private readonly cache: ResultCache | null = null,
  ) {}

  /**
   * The hunts to correlate: the ones named (2 or more, all existing and seen by the caller), or every hunt
   * the caller sees. `signal` aborted (the client left) cancels the database work for them.
   */
  async correlation(huntIds: string[] | undefined, signal?: AbortSignal, visibility?: HuntVisibility): Promise<Correlation> {
    const hidden = (await visibility?.hiddenList()) ?? [];
    let scope: string[];
    if (huntIds) {
      scope = [...new Set(huntIds)];
      if (scope.length < 2) throw badInput(`huntIds must name at least 2 different hunts, got ${scope.length}`, "huntIds");
      await visibility?.assertHunts(scope);
      await this.hunts.assertExist(scope);
    } else {
      const rows: { id: string }[] = await this.db.query(`SELECT id FROM hunts WHERE id <> ALL($1::varchar[]) ORDER BY id`, [hidden]);
      scope = rows.map((row) => row.id);
    }
    return new Correlation(
      scope.sort(),
      !huntIds && hidden.length === 0,
      (hunts, keys, iocColumnsOnly) => this.occurrencesOf(hunts, keys, iocColumnsOnly),
      signal,
      hidden.length > 0 ? hidden : null,
    );
  }

  /** `compute` for `key` over the correlated hunts: once per request, and across requests if cached. */
  private shared<T>(correlation: Correlation, key: string, compute: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    return correlation.once(key, () => (this.cache ? this.cache.get(correlation, key, compute) : compute(correlation.signal)));
  }

  private sqlCount(correlation: Correlation, query: string, params: unknown[]): Promise<number> {
    if (correlation.huntIds.length < 2) return Promise.resolve(0);
    return this.shared(correlation, `${query}\u0000${JSON.stringify(params)}`, async (signal) => {
      const [{ count }] = await this.heavy.query<{ count: number }[]>(query, [correlation.huntIds, ...params], signal);
      return count;
    });
  }

  /** The tallies of the groups `filter` selects whatever their view and verdict. */
  private tallies(correlation: Correlation, filter: GroupFilter): Promise<GroupTally[]> {
    if (correlation.huntIds.length < 2) return Promise.resolve([]);
    const { minHunts, type, iocColumnsOnly } = filter;
    const same = { minHunts, type, iocColumnsOnly };
    return this.shared(correlation, `tallies\u0000${JSON.stringify(same)}`, (signal) =>
      this.occurrences.tallies(correlation.hunts, same, signal),
    );
  }

  private async groupCount(correlation: Correlation, filter: GroupFilter): Promise<number> {
    return countOf(await this.tallies(correlation, filter), filter);
  }

  /**
   * IOC overlaps: groups of the entries of IOC columns only, as ThreatHunt's IOC analysis reads no other
   * column; those shown (or also those set aside), or only those set aside.
   */
  private iocGroups(filter: IocFilter, onlySuppressed = false): GroupFilter {
    if (filter.verdict === Verdict.ERROR) {
      throw badInput("verdict: ERROR is not a verdict; filter on MALICIOUS, SUSPICIOUS, UNKNOWN or CLEAN", "verdict");
    }
    const view: GroupView = onlySuppressed ? "SUPPRESSED" : filter.includeSuppressed ? "ALL" : "SHOWN";
    return { minHunts: filter.minHunts ?? 2, type: filter.iocType ?? null, verdict: filter.verdict ?? null, iocColumnsOnly: true, view };
  }

  /** Host overlaps: the host-name groups of every entry, host-name columns that are no IOC column included; none set aside. */
  private hostGroups(minHunts: number | undefined): GroupFilter {
    return { minHunts: minHunts ?? 2, type: IocType.HOSTNAME, verdict: null, iocColumnsOnly: false, view: "ALL" };
  }

  private async groups(correlation: Correlation, filter: GroupFilter, order: GroupOrder | undefined, page: Page): Promise<GroupRow[]> {
    if (correlation.huntIds.length < 2) return [];
    const key = `groups\u0000${JSON.stringify([filter, order, page])}`;
    return this.shared(correlation, key, (signal) =>
      this.occurrences.groups(correlation.hunts, filter, order ?? "ROW_COUNT", page, signal),
    );
  }

  async iocOverlaps(correlation: Correlation, filter: IocFilter, page: Page, order?: GroupOrder): Promise<IocOverlap[]> {
    return this.iocOverlapsOf(correlation, this.iocGroups(filter), page, order);
  }

  /** The indicators set aside as noise, each with what set it aside. */
  suppressedIocs(correlation: Correlation, filter: IocFilter, page: Page, order?: GroupOrder): Promise<IocOverlap[]> {
    return this.iocOverlapsOf(correlation, this.iocGroups(filter, true), page, order);
  }

  /** How many indicators are set aside: the total of suppressionCounts, which the summary reads too (one query for both). */
  async suppressedIocCount(correlation: Correlation, filter: IocFilter): Promise<number> {
    return (await this.suppressionCounts(correlation, filter)).total;
  }

  /** How many indicators are set aside, and by what. */
  async suppressionCounts(correlation: Correlation, filter: IocFilter): Promise<SuppressionCounts> {
    const groups = this.iocGroups(filter, true);
    return suppressionCountsOf(await this.tallies(correlation, groups), groups);
  }

  private async iocOverlapsOf(correlation: Correlation, filter: GroupFilter, page: Page, order?: GroupOrder): Promise<IocOverlap[]> {
    const rows = await this.groups(correlation, filter, order ?? "SCORE", page);
    return rows.map((row) => iocOverlapOf(row, correlation));
  }

  /** The IOC overlaps of these indicators, shown or set aside, in (type, value) order; one that is no overlap is left out. */
  async iocOverlapsOfKeys(correlation: Correlation, keys: Indicators, signal?: AbortSignal): Promise<IocOverlap[]> {
    if (correlation.huntIds.length < 2 || keys.values.length === 0) return [];
    const rows = await this.occurrences.groupsOf(correlation.hunts, this.iocGroups({ includeSuppressed: true }), keys, signal);
    return rows.map((row) => iocOverlapOf(row, correlation));
  }

  iocOverlapCount(correlation: Correlation, filter: IocFilter): Promise<number> {
    return this.groupCount(correlation, this.iocGroups(filter));
  }

  async hostOverlaps(correlation: Correlation, minHunts: number | undefined, page: Page, order?: GroupOrder): Promise<HostOverlap[]> {
    const rows = await this.groups(correlation, this.hostGroups(minHunts), order, page);
    return rows.map((row) =>
      Object.assign(new HostOverlap(), {
        hostname: row.value,
        rowCount: Number(row.appearances),
        huntCount: row.hunt_ids.length,
        lastSeen: row.last_seen,
        prevalence: prevalenceOf(row),
        huntIds: row.hunt_ids,
        correlation,
      }),
    );
  }

  hostOverlapCount(correlation: Correlation, minHunts: number | undefined): Promise<number> {
    return this.groupCount(correlation, this.hostGroups(minHunts));
  }

  async timeOverlaps(correlation: Correlation, minHours: number | undefined, page: Page): Promise<TimeOverlap[]> {
    if (correlation.huntIds.length < 2) return [];
    const rows = await this.shared(correlation, `times\u0000${JSON.stringify([minHours, page])}`, (signal) =>
      this.heavy.query<Array<{ dataset_a: string; dataset_b: string; overlap_start: Date; overlap_end: Date; hours: number }>>(
        sql.TIME_OVERLAPS,
        [correlation.huntIds, minHours ?? 0, page.limit + 1, page.offset],
        signal,
      ),
    );
    return rows.map((row) =>
      Object.assign(new TimeOverlap(), {
        datasetAId: row.dataset_a,
        datasetBId: row.dataset_b,
        start: row.overlap_start,
        end: row.overlap_end,
        hours: Math.round(row.hours * 100) / 100,
      }),
    );
  }

  timeOverlapCount(correlation: Correlation, minHours: number | undefined): Promise<number> {
    return this.sqlCount(correlation, sql.TIME_OVERLAP_COUNT, [minHours ?? 0]);
  }

  async techniqueOverlaps(correlation: Correlation, page: Page): Promise<TechniqueOverlap[]> {
    if (correlation.huntIds.length < 2) return [];
    const rows = await this.shared(correlation, `techniques\u0000${JSON.stringify(page)}`, (signal) =>
      this.heavy.query<Array<{ technique: string; hypothesis_ids: string[]; hunt_ids: string[] }>>(
        sql.TECHNIQUE_OVERLAPS,
        [correlation.huntIds, ...this.revoked, page.limit + 1, page.offset],
        signal,
      ),
    );
    return rows.map((row) =>
      Object.assign(new TechniqueOverlap(), {
        techniqueId: row.technique,
        techniqueName: attackTechnique(row.technique)?.name ?? null,
        hypothesisIds: row.hypothesis_ids,
        huntIds: row.hunt_ids,
      }),
    );
  }

  techniqueOverlapCount(correlation: Correlation): Promise<number> {
    return this.sqlCount(correlation, sql.TECHNIQUE_OVERLAP_COUNT, this.revoked);
  }

  /** The four totals (of what is shown), each counted once per request. */
  async totals(correlation: Correlation): Promise<CorrelationTotals> {
    const [iocs, malicious, times, techniques, hosts] = await Promise.all([
      this.iocOverlapCount(correlation, {}),
      this.iocOverlapCount(correlation, { verdict: Verdict.MALICIOUS }),
      this.timeOverlapCount(correlation, undefined),
      this.techniqueOverlapCount(correlation),
      this.hostOverlapCount(correlation, undefined),
    ]);
    return { iocs, malicious, times, techniques, hosts };
  }

  async totalCorrelations(correlation: Correlation): Promise<number> {
    const { iocs, times, techniques, hosts } = await this.totals(correlation);
    return iocs + times + techniques + hosts;
  }

  /** ThreatHunt's summary, line for line, from the complete counts (see summaryLinesOf). */
  async summaryLines(correlation: Correlation): Promise<SummaryLine[]> {
    if (correlation.huntIds.length < 2) return [["", NOT_ENOUGH_HUNTS]];
    const [totals, suppressed] = await Promise.all([this.totals(correlation), this.suppressionCounts(correlation, {})]);
    return summaryLinesOf(correlation.huntIds.length, totals, suppressed);
  }

  /** Where each indicator (iocKey) occurs within the hunts: in IOC columns only, or in every indexed column. */
  async occurrencesOf(huntIds: string[], keys: readonly string[], iocColumnsOnly: boolean): Promise<IocSighting[][]> {
    const indicators = keys.map(splitIocKey);
    const rows = await this.occurrences.occurrencesOf(
      huntIds,
      { types: indicators.map(([type]) => type), values: indicators.map(([, value]) => value) },
      iocColumnsOnly,
    );
    return groupByKey(keys, rows.map(toSighting), (sighting) => iocKey(sighting.iocType, sighting.value));
  }
}
