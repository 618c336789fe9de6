// Counts from the tallies of one request's groups: each view and verdict takes its own rows.
import { countOf, type GroupTally, suppressionCountsOf } from "../../../../src/modules/occurrence/tallies";

const tally = (suppressed: boolean, verdict: string | null, groups: number, lists = 0, rules = 0, dispositions = 0): GroupTally => ({
  suppressed,
  verdict,
  groups,
  by_lists: lists,
  by_rules: rules,
  by_dispositions: dispositions,
});

// 7 shown without a verdict, 3 shown malicious, 5 set aside without a verdict (4 by lists, 2 by rules: one
// by both), 1 set aside malicious (by a disposition).
const TALLIES = [tally(false, null, 7), tally(false, "malicious", 3), tally(true, null, 5, 4, 2, 0), tally(true, "malicious", 1, 0, 0, 1)];

it("counts the groups of a view, of any verdict or of one", () => {
  expect(countOf(TALLIES, { view: "SHOWN", verdict: null })).toBe(10);
  expect(countOf(TALLIES, { view: "SHOWN", verdict: "malicious" })).toBe(3);
  expect(countOf(TALLIES, { view: "SUPPRESSED", verdict: null })).toBe(6);
  expect(countOf(TALLIES, { view: "ALL", verdict: "malicious" })).toBe(4);
  expect(countOf(TALLIES, { view: "ALL", verdict: "clean" })).toBe(0);
  expect(countOf([], { view: "ALL", verdict: null })).toBe(0);
});

it("adds up what set the suppressed groups aside, for any verdict or one", () => {
  expect(suppressionCountsOf(TALLIES, { verdict: null })).toEqual({ total: 6, by_lists: 4, by_rules: 2, by_dispositions: 1 });
  expect(suppressionCountsOf(TALLIES, { verdict: "malicious" })).toEqual({ total: 1, by_lists: 0, by_rules: 0, by_dispositions: 1 });
});
