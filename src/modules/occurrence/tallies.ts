// Counts of cross-hunt groups taken from their tallies (groupTallies in groups.sql): one query per request
// and kind of group gives every count a request asks for, whatever its view and verdict.
import type { GroupFilter } from "./occurrence-index";

/** How many groups have a verdict (null: none) and are set aside or not, and by what. */
export interface GroupTally {
  suppressed: boolean;
  verdict: string | null;
  groups: number;
  by_lists: number;
  by_rules: number;
  by_dispositions: number;
}

/** How many groups are set aside, and by what (a group may be set aside by several). */
export interface SuppressionCounts {
  total: number;
  by_lists: number;
  by_rules: number;
  by_dispositions: number;
}

const inFilter = (tally: GroupTally, filter: Pick<GroupFilter, "verdict" | "view">) =>
  (filter.view === "ALL" || tally.suppressed === (filter.view === "SUPPRESSED")) &&
  (filter.verdict === null || tally.verdict === filter.verdict);

/** How many groups of the filter's view and verdict there are. */
export function countOf(tallies: readonly GroupTally[], filter: Pick<GroupFilter, "verdict" | "view">): number {
  return tallies.filter((tally) => inFilter(tally, filter)).reduce((sum, tally) => sum + tally.groups, 0);
}

/** How many groups of the filter's verdict are set aside, and by what. */
export function suppressionCountsOf(tallies: readonly GroupTally[], filter: Pick<GroupFilter, "verdict">): SuppressionCounts {
  const counts = { total: 0, by_lists: 0, by_rules: 0, by_dispositions: 0 };
  for (const tally of tallies.filter((t) => inFilter(t, { verdict: filter.verdict, view: "SUPPRESSED" }))) {
    counts.total += tally.groups;
    counts.by_lists += tally.by_lists;
    counts.by_rules += tally.by_rules;
    counts.by_dispositions += tally.by_dispositions;
  }
  return counts;
}
