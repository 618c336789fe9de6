// The correlation's summary: ThreatHunt's lines, from the complete counts, plus one of huntgraph's own
// saying what was set aside as noise.
import type { SuppressionCounts } from "../occurrence/tallies";

export interface CorrelationTotals {
  iocs: number;
  malicious: number;
  times: number;
  techniques: number;
  hosts: number;
}

/** One line: the indent ThreatHunt writes before it, and its text. */
export type SummaryLine = [indent: string, text: string];

const BULLET = "  - ";

/** How many shared values are set aside, and by what; null when none is. */
function suppressionLine(counts: SuppressionCounts): string | null {
  if (counts.total === 0) return null;
  const parts = [
    [counts.by_lists, "by warninglists"],
    [counts.by_rules, "by exclusion rules"],
    [counts.by_dispositions, "by analysts' dispositions"],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, by]) => `${n} ${by}`);
  return `${counts.total} shared ${counts.total === 1 ? "value" : "values"} set aside as noise (${parts.join(", ")})`;
}

/**
 * ThreatHunt's summary of `huntCount` hunts (2 or more), line for line: the heading unindented, a count
 * per kind of overlap found after "  - ", and " No significant correlations detected." when none is.
 */
export function summaryLinesOf(huntCount: number, totals: CorrelationTotals, suppressed: SuppressionCounts): SummaryLine[] {
  const { iocs, malicious, times, techniques, hosts } = totals;
  const lines: SummaryLine[] = [["", `Correlation analysis across ${huntCount} hunts:`]];
  lines.push([BULLET, iocs > 0 ? `${iocs} shared IOCs (${malicious} flagged malicious)` : "No shared IOCs found"]);
  if (times > 0) lines.push([BULLET, `${times} overlapping time windows`]);
  if (techniques > 0) lines.push([BULLET, `${techniques} shared MITRE techniques`]);
  if (hosts > 0) lines.push([BULLET, `${hosts} hosts appearing in multiple hunts (potential lateral movement)`]);
  if (iocs + times + techniques + hosts === 0) lines.push([" ", "No significant correlations detected."]);
  const aside = suppressionLine(suppressed);
  if (aside !== null) lines.push([BULLET, aside]);
  return lines;
}
