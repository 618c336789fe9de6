// The default question, IOC overlaps of every hunt, answered without working through every shared value
// one by one: its first pages by score, and its tallies. On the wide corpus (bench:wide, 19,285 shared
// values), scoring all of them took most of a first page's time.
//
// Most values are *plain*: no verdict, disposition, CONTEXT list or rule moves their score, no NOISE list
// sets them aside, and no more hosts saw them than the database counts. A plain value's score is
//   4 ln(hunts + 1) + ln(datasets + 1) + ln(hosts + 1) + rank_key    when its hosts are known,
//   4 ln(hunts + 1) + ln(datasets + 1) + rank_key                    when they are not,
// to within 0.0025 (the score's terms are rounded to 3 decimals), where hunts, datasets and hosts are the
// database's totals and rank_key is kept on the value (migration 1764400000013). So plain values in
// rank_key order (less ln(hosts + 1) for those without hosts) are in score order but for rounding: the N
// best, N = offset + limit, are among those whose key is within 0.01 of the N-th best key. Plain values
// of the same prevalence and type (a *tuple*: type, hunts, datasets, hosts) have the same score, so they
// are in value order, and only the first N of each tuple can be on the page: the index gives those. The
// values that are not plain are few, and all of them are candidates. Every candidate is then scored in
// full and sorted: the page is exactly the one that scoring every shared value gives.
//
// Parameters are those of every page and tally (see groups.sql); $5 (IOC columns only) is true.

import { totals } from "./group-sources.sql";
import { ENABLED_LISTS, groupTallies, SCORE_ORDER, scoredGroupsOf } from "./groups.sql";

/** A result that has not expired. */
const LIVE = `(e.expires_at IS NULL OR e.expires_at > now())`;

/** The dispositions that apply to the correlated hunts. */
const DISPOSED = `(d.hunt_id IS NULL OR d.hunt_id = ANY($1::varchar[]))`;

const ANY_VERDICT = `'malicious', 'suspicious', 'unknown', 'clean'`;
/** The verdicts that move a score. */
const MOVING_VERDICTS = `'malicious', 'suspicious', 'clean'`;

/** The values with one of `verdicts` (while it lasts), or with a disposition; never null (see PLAIN). */
const judgedKeys = (verdicts: string) => `
  SELECT e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) AS value FROM enrichment_results e
  WHERE e.verdict IN (${verdicts}) AND ${LIVE}
    AND e.ioc_type IS NOT NULL AND huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) IS NOT NULL
  UNION ALL
  SELECT d.ioc_type, d.value FROM ioc_dispositions d WHERE ${DISPOSED}`;

/** Whether shared value `s` is one of the groups ($2, $3). */
const IN_GROUPS = `s.hunt_count >= $2 AND ($3::text IS NULL OR s.ioc_type = $3)`;

/** Whether it is set aside by a NOISE list, unless a disposition says otherwise (`lists`: the enabled ones). */
const NOISY = `(NOT s.internal AND cardinality(s.list_ids) > 0 AND s.list_ids && (SELECT noise_ids FROM lists))`;

/** Whether it is excluded by a rule, unless a disposition says otherwise. */
const EXCLUDED = `(cardinality(s.rule_ids) > 0)`;

/**
 * Whether it is plain and shown (`t`: the totals; `moved`: the values with a verdict or disposition,
 * none null). NOT IN is a hashed subplan, which keeps the index's order: as NOT EXISTS, the verdicts
 * and dispositions became anti joins, which lose it, and as scalar subqueries the planner took them for
 * so selective that it sorted every value instead (21 and 190 ms against 8).
 */
const PLAIN = `${IN_GROUPS} AND NOT ${NOISY} AND NOT ${EXCLUDED}
  AND NOT s.narrow_list_ids && (SELECT context_ids FROM lists) AND (s.hosts IS NULL OR s.hosts <= (SELECT hosts FROM t))
  AND (s.ioc_type, s.value) NOT IN (SELECT ioc_type, value FROM moved)`;

/** What a value without hosts lacks beside one with: the totals' host term. */
const NO_HOSTS_SHIFT = `ln((SELECT hosts FROM t)::float8 + 1)`;

/** How many of the best plain values the page needs ($7 limit, $8 offset). */
const NEEDED = `($7::int + $8::int)`;

/**
 * Plain values by whether their hosts are known: each part reads its own partial index (migration
 * 1764400000013), and the key of those without hosts is lowered by what they lack beside the others.
 */
const STREAMS = [
  {
    name: "tuples_with_hosts",
    where: "s.hosts IS NOT NULL",
    shift: "0",
    tuple: ["rank_key", "hunt_count", "datasets", "hosts", "ioc_type"],
  },
  {
    name: "tuples_without_hosts",
    where: "s.hosts IS NULL",
    shift: NO_HOSTS_SHIFT,
    tuple: ["rank_key", "hunt_count", "datasets", "ioc_type"],
  },
];

/**
 * The tuples of a stream's values above the cut, plain or not, by a loose scan of its index: each step
 * reads the next tuple in the index's order, one probe (as a range scan, the planner read every value
 * above the cut, or every value).
 */
const tuplesOf = ({ name, where, shift, tuple }: (typeof STREAMS)[number]) => {
  const columns = tuple.map((column) => `s.${column}`).join(", ");
  const previous = tuple.map((column) => `p.${column}`).join(", ");
  return `${name}(${tuple.join(", ")}) AS (
    (SELECT ${columns} FROM ioc_shared_values s
     WHERE ${where} AND s.rank_key >= (SELECT q FROM cut) + ${shift} ORDER BY ${columns} LIMIT 1)
    UNION ALL
    SELECT n.* FROM ${name} p CROSS JOIN LATERAL (
      SELECT ${columns} FROM ioc_shared_values s WHERE ${where} AND (${columns}) > (${previous}) ORDER BY ${columns} LIMIT 1
    ) AS n
  )`;
};

/** The first N plain values of each of a stream's tuples (`k`), by value. */
const firstOfTuples = ({ name, where, tuple }: (typeof STREAMS)[number]) => `
  SELECT p.ioc_type, p.value FROM ${name} k CROSS JOIN LATERAL (
    SELECT s.ioc_type, s.value FROM ioc_shared_values s
    WHERE ${where} AND ${tuple.map((column) => `s.${column} = k.${column}`).join(" AND ")} AND ${PLAIN}
    ORDER BY s.value COLLATE "C" LIMIT ${NEEDED}
  ) AS p`;

/** A page of the shown IOC overlaps of every hunt, by score; $4 (verdict) is null and $6 (view) SHOWN. */
export const SCORE_PAGE_OF_EVERY_HUNT = `
  WITH RECURSIVE t AS MATERIALIZED (SELECT * FROM ${totals("every")}),
  lists AS MATERIALIZED (SELECT * FROM ${ENABLED_LISTS}),
  -- the values that are not plain, and some more (values that are not shared, broad CONTEXT matches)
  moved AS MATERIALIZED (
    ${judgedKeys(MOVING_VERDICTS)}
    UNION ALL
    SELECT m.ioc_type, m.value FROM ioc_list_matches m WHERE m.list_id = ANY((SELECT context_ids FROM lists)::int[])
    UNION ALL
    SELECT s.ioc_type, s.value FROM ioc_shared_values s WHERE s.hosts > (SELECT hosts FROM t)
  ),
  -- the key of the N-th best plain value less the margin for rounding (every plain value when fewer)
  cut AS MATERIALIZED (
    SELECT coalesce((
      SELECT q FROM (${STREAMS.map(
        ({ where, shift }) => `
        (SELECT s.rank_key - ${shift} AS q FROM ioc_shared_values s WHERE ${where} AND ${PLAIN} ORDER BY s.rank_key DESC LIMIT ${NEEDED})`,
      ).join(" UNION ALL ")}
      ) AS head
      ORDER BY q DESC OFFSET ${NEEDED} - 1 LIMIT 1
    ), '-Infinity') - 0.01 AS q
  ),
  ${STREAMS.map(tuplesOf).join(",\n  ")},
  candidates AS MATERIALIZED (
    ${STREAMS.map(firstOfTuples).join(" UNION ALL ")}
    UNION ALL
    SELECT ioc_type, value FROM moved
  )
  ${scoredGroupsOf("every", "SELECT ioc_type, value FROM candidates", SCORE_ORDER, "LIMIT $7 OFFSET $8", "(SELECT * FROM t) AS t")}`;

/**
 * The tallies of the IOC overlaps of every hunt (as groupTallies gives them): the values with a verdict
 * or a disposition are judged in full; the others are counted in one pass over the shared values, as all
 * of them less the judged ones.
 */
export const TALLIES_OF_EVERY_HUNT = `
  WITH lists AS MATERIALIZED (SELECT * FROM ${ENABLED_LISTS}),
  judged AS MATERIALIZED (SELECT DISTINCT ioc_type, value FROM (${judgedKeys(ANY_VERDICT)}) AS k)
  SELECT noisy OR excluded AS suppressed, NULL::varchar AS verdict, sum(n)::int AS groups,
         coalesce(sum(n) FILTER (WHERE noisy), 0)::int AS by_lists, coalesce(sum(n) FILTER (WHERE excluded), 0)::int AS by_rules,
         0 AS by_dispositions
  FROM (
    SELECT 1 AS n, ${NOISY} AS noisy, ${EXCLUDED} AS excluded FROM ioc_shared_values s WHERE ${IN_GROUPS}
    UNION ALL
    SELECT -1, ${NOISY}, ${EXCLUDED} FROM ioc_shared_values s
    JOIN judged k ON k.ioc_type = s.ioc_type AND k.value = s.value WHERE ${IN_GROUPS}
  ) AS plain
  GROUP BY 1
  HAVING sum(n) > 0
  UNION ALL
  ${groupTallies("every", "SELECT ioc_type, value FROM judged")}`;
