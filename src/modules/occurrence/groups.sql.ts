// Cross-hunt groups (IOC and host overlaps) as hand-written SQL over ioc_shared_values, the values shared
// by hunts with their aggregates (never the entries, never dataset_rows): which values the hunts share,
// which are set aside as noise and why, and the signals of each one's score.
// Parameters of every query: $1 the correlated hunts; $2 the fewest of them a value must be in; $3 only
// this IOC type (null: all); $4 only this verdict (null: any); $5 whether only the entries of IOC columns
// count (IOC overlaps) or every entry (host overlaps); $6 which values: SHOWN, SUPPRESSED or ALL. Pages
// add $7 (limit) and $8 (offset). In the "visible" scope, the hunts hidden from the caller follow: $9 in
// pages, $7 in tallies.

import { type HuntScope, PAGE_HIDDEN, sources, TALLY_HIDDEN, totals } from "./group-sources.sql";

export type { HuntScope } from "./group-sources.sql";

/** ThreatHunt's verdict severity: lower is more severe. `error` carries no verdict. */
const SEVERITY = `CASE e.verdict WHEN 'malicious' THEN 0 WHEN 'suspicious' THEN 1 WHEN 'unknown' THEN 2 WHEN 'clean' THEN 3 END`;

/**
 * The non-expired result with the most severe verdict for the indicator `alias` (ioc_type, value), the
 * newest among equals: `columns` of it.
 */
const resultOf = (alias: string, columns: string) => `
  SELECT ${columns} FROM enrichment_results e
  WHERE huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) = ${alias}.value AND e.ioc_type = ${alias}.ioc_type
    AND e.verdict IN ('malicious', 'suspicious', 'unknown', 'clean')
    AND (e.expires_at IS NULL OR e.expires_at > now())
  ORDER BY ${SEVERITY}, e.cached_at DESC, e.id LIMIT 1`;

/**
 * The ids of the enabled warninglists, by role: a shared value's list_ids (every list matching it) meet
 * them to say whether it is noise or has context. Read at query time, so that switching a list or its
 * role is one update of the list.
 */
export const ENABLED_LISTS = `(
  SELECT coalesce(array_agg(w.id) FILTER (WHERE w.role = 'NOISE'), '{}') AS noise_ids,
         coalesce(array_agg(w.id) FILTER (WHERE w.role = 'CONTEXT'), '{}') AS context_ids
  FROM warninglists w WHERE w.enabled
) AS lists`;

/** Per value, the disposition that applies: one for a correlated hunt before a global one, the newest first. */
const DISPOSITIONS = `
  SELECT DISTINCT ON (d.ioc_type, d.value) d.ioc_type, d.value, d.id, d.disposition, d.reason, d.hunt_id
  FROM ioc_dispositions d
  WHERE d.hunt_id IS NULL OR d.hunt_id = ANY($1::varchar[])
  ORDER BY d.ioc_type, d.value, d.hunt_id IS NULL, d.created_at DESC, d.id`;

/**
 * Groups with what the lists, rules and analysts say of them, and whether that sets them aside: a NOISE
 * list (unless the address is internal: in private space, as kept on the shared value; an internal
 * address that several hunts share can be lateral movement), an exclusion rule, or a BENIGN or IGNORED
 * disposition; an ESCALATED disposition keeps a value shown whatever else matches it.
 */
const judged = (scope: HuntScope, keys = "", hidden = PAGE_HIDDEN) => `
  SELECT j.*,
         coalesce(j.disposition, '') <> 'ESCALATED'
           AND ((j.noisy AND NOT j.internal) OR j.excluded OR coalesce(j.disposition IN ('BENIGN', 'IGNORED'), false)) AS suppressed
  FROM (
    SELECT g.*,
           g.list_ids && lists.noise_ids AS noisy, g.narrow_list_ids && lists.context_ids AS in_context, g.rule_ids <> '{}' AS excluded,
           disp.id AS disposition_id, disp.disposition, disp.reason AS disposition_reason, disp.hunt_id AS disposition_hunt_id,
           CASE WHEN $4::text IS NULL THEN NULL ELSE (${resultOf("g", "e.verdict")}) END AS filter_verdict
    FROM (${sources(hidden)[scope](keys)}) AS g
    CROSS JOIN ${ENABLED_LISTS}
    LEFT JOIN (${DISPOSITIONS}) AS disp ON disp.ioc_type = g.ioc_type AND disp.value = g.value
    OFFSET 0
  ) AS j`;

/** The groups of one view ($6), with the verdict filter ($4) applied. */
const groups = (scope: HuntScope, keys = "") => `
  SELECT * FROM (${judged(scope, keys)}) AS v
  WHERE ($4::text IS NULL OR v.filter_verdict = $4)
    AND CASE $6::text WHEN 'SHOWN' THEN NOT v.suppressed WHEN 'SUPPRESSED' THEN v.suppressed ELSE true END`;

/**
 * A float8 rounded to 3 decimals, in float8: numeric's ln and round cost 20 µs a row, which over 20,000
 * shared values was most of a page's time.
 */
const to3 = (expression: string) => `(round((${expression}) * 1000) / 1000)`;

/**
 * The signals of a score, each a column (see ScoreSignal and the README): `r` has the group's columns
 * and its verdict, `t` the database's totals. The rank keys (migration 1764400000013) repeat the rarity,
 * spread and type signals less the totals: changing those means a migration of the keys.
 */
const SIGNALS: [string, string][] = [
  [`(CASE r.verdict WHEN 'malicious' THEN 10 WHEN 'suspicious' THEN 5 WHEN 'clean' THEN -5 ELSE 0 END)::float8`, "verdict_effect"],
  [`(CASE r.disposition WHEN 'ESCALATED' THEN 8 WHEN 'BENIGN' THEN -8 WHEN 'IGNORED' THEN -4 ELSE 0 END)::float8`, "disposition_effect"],
  [`(CASE WHEN r.noisy AND NOT r.internal THEN -6 ELSE 0 END)::float8`, "noise_effect"],
  [`(CASE WHEN r.in_context THEN 3 ELSE 0 END)::float8`, "context_effect"],
  [`(CASE WHEN r.excluded THEN -6 ELSE 0 END)::float8`, "rule_effect"],
  [to3(`4 * ln((t.hunts + 1)::float8 / greatest(r.database_hunts, 1))`), "hunt_rarity_effect"],
  [to3(`ln((t.datasets + 1)::float8 / greatest(r.database_datasets, 1))`), "dataset_rarity_effect"],
  [`coalesce(${to3(`ln((greatest(t.hosts, r.database_hosts) + 1)::float8 / r.database_hosts)`)}, 0)`, "host_rarity_effect"],
  [to3(`ln(cardinality(r.hunt_ids)::float8)`), "spread_effect"],
  [
    `(CASE WHEN r.ioc_type LIKE 'hash_%' THEN 2 WHEN r.ioc_type = 'url' THEN 1.5 WHEN r.ioc_type = 'domain' THEN 1 ELSE 0 END)::float8`,
    "type_effect",
  ],
];

const SIGNAL_COLUMNS = SIGNALS.map(([expression, name]) => `${expression} AS ${name}`).join(",\n  ");

const EFFECTS = SIGNALS.map(([, name]) => name);

/** The score from the signals' columns. */
const SCORE = to3(EFFECTS.join(" + "));

/** The same score from the signals' expressions, the same arithmetic in the same order: for ranking every group. */
const SCORE_OF_SIGNALS = to3(SIGNALS.map(([expression]) => expression).join(" + "));

const GROUP_COLUMNS = [
  "ioc_type",
  "value",
  "hunt_ids",
  "appearances",
  "last_seen",
  "database_hunts",
  "database_datasets",
  "database_hosts",
  "internal",
  "noisy",
  "in_context",
  "excluded",
  "disposition_id",
  "disposition",
  "disposition_reason",
  "disposition_hunt_id",
  "suppressed",
].join(", ");

/**
 * Each indicator's non-expired result with the most severe verdict, the newest among equals: one pass
 * over enrichment_results, hash-joined, for scoring or counting every group at once.
 */
const LIVE_VERDICTS = `
  SELECT DISTINCT ON (e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value))
         e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) AS value, e.verdict, e.source
  FROM enrichment_results e
  WHERE e.verdict IN ('malicious', 'suspicious', 'unknown', 'clean') AND (e.expires_at IS NULL OR e.expires_at > now())
  ORDER BY e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value), ${SEVERITY}, e.cached_at DESC, e.id`;

/**
 * The rows of `source` (a page of groups, already cut: each verdict is looked up on its own) with their
 * verdict, the signals of their score, and the score.
 */
const scored = (source: string, totals: string) => `
  SELECT s.*, ${SCORE} AS score FROM (
    SELECT r.*, t.hunts::int AS total_hunts, t.datasets::int AS total_datasets, t.hosts::int AS total_hosts, ${SIGNAL_COLUMNS}
    FROM (SELECT x.*, v.verdict, v.source AS verdict_source FROM (${source}) AS x
          LEFT JOIN LATERAL (${resultOf("x", "e.verdict, e.source")}) AS v ON true) AS r
    CROSS JOIN ${totals}
    OFFSET 0
  ) AS s`;

const PAGE_COLUMNS = `${GROUP_COLUMNS.replace("appearances", "appearances::text AS appearances")},
  list_ids, narrow_list_ids, rule_ids, verdict, verdict_source,
  total_hunts, total_datasets, total_hosts, ${EFFECTS.join(", ")}, score`;

const TIE_BREAK = `ioc_type, value COLLATE "C"`;

/** The enabled lists of `role` among a page row's `ids`, named. */
const listsOf = (ids: string, role: string) => `
  (SELECT jsonb_agg(jsonb_build_object('id', w.id, 'name', w.name, 'title', w.title) ORDER BY w.name)
   FROM warninglists w WHERE w.id = ANY(page.${ids}) AND w.enabled AND w.role = '${role}')`;

/**
 * The lists and rules a page's rows name, looked up for the page only (ordered as `order`): the groups
 * carry their ids.
 */
const withNames = (page: string, order: string) => `
  SELECT page.*,
         ${listsOf("list_ids", "NOISE")} AS noise,
         ${listsOf("narrow_list_ids", "CONTEXT")} AS context,
         (SELECT jsonb_agg(jsonb_build_object('id', r.id, 'kind', r.kind, 'pattern', r.pattern, 'reason', r.reason) ORDER BY r.created_at, r.id)
          FROM exclusion_rules r WHERE r.id = ANY(page.rule_ids)) AS rules
  FROM (${page}) AS page
  ORDER BY ${order}`;

/** The orders of a page; each breaks ties by type and value, so pages never overlap. */
export const GROUP_ORDERS = {
  /** Most rows first: ThreatHunt's order. */
  ROW_COUNT: `result.appearances DESC, ${TIE_BREAK}`,
  /** Seen in most hunts first, then most appearances. */
  HUNTS: `cardinality(hunt_ids) DESC, result.appearances DESC, ${TIE_BREAK}`,
  /** Seen most recently first (undated last), then most appearances. */
  LAST_SEEN: `last_seen DESC NULLS LAST, result.appearances DESC, ${TIE_BREAK}`,
  /** By value (byte order), then type. */
  VALUE: `value COLLATE "C", ioc_type`,
};

/**
 * A page of groups in one of GROUP_ORDERS, with the signals of its score. The sum of appearances is a
 * bigint, sent as text; orders use `result.appearances`, the number: a bare `appearances` would name the
 * text output column and sort 97 before 611. The page is cut before the verdicts of its rows are looked
 * up: one look-up per row of the page, not per group.
 */
export const groupsPage = (scope: HuntScope, order: keyof typeof GROUP_ORDERS) =>
  withNames(
    `SELECT ${PAGE_COLUMNS}, position FROM (${scored(
      `
      SELECT result.*, row_number() OVER (ORDER BY ${GROUP_ORDERS[order]}) AS position FROM (${groups(scope)}) AS result
      ORDER BY ${GROUP_ORDERS[order]}
      LIMIT $7 OFFSET $8`,
      totals(scope),
    )}) AS scored_page`,
    "page.position",
  );

/** Highest score first; ties broken by type and value. */
export const SCORE_ORDER = `score DESC, ${TIE_BREAK}`;

/**
 * The groups of `keys` (a query of ioc_type and value) read in full and scored, in `order`, cut by `cut`
 * (a LIMIT and OFFSET, or nothing) before the lists and rules they name are looked up. Scored with the
 * totals of `scope`, or with those given.
 */
export const scoredGroupsOf = (scope: HuntScope, keys: string, order: string, cut = "", totalsOf = totals(scope)) =>
  withNames(`SELECT ${PAGE_COLUMNS} FROM (${scored(groups(scope, keys), totalsOf)}) AS scored_page ORDER BY ${order} ${cut}`, order);

/**
 * Highest score first, in two steps: every group is scored with only its key and score carried (sorting
 * 19,000 wide rows was a fifth of a page's time), then the page's groups alone are read in full. When
 * every hunt is correlated, the first pages have a faster way (every-hunt.sql).
 */
export const groupsPageByScore = (scope: HuntScope) => `
  WITH top AS MATERIALIZED (
    SELECT r.ioc_type, r.value, ${SCORE_OF_SIGNALS} AS score, t.hunts, t.datasets, t.hosts
    FROM (SELECT g.*, v.verdict FROM (${groups(scope)}) AS g
          LEFT JOIN (${LIVE_VERDICTS}) AS v ON v.value = g.value AND v.ioc_type = g.ioc_type) AS r
    CROSS JOIN ${totals(scope)}
    ORDER BY score DESC, r.ioc_type, r.value COLLATE "C"
    LIMIT $7 OFFSET $8
  )
  ${scoredGroupsOf(
    scope,
    "SELECT ioc_type, value FROM top",
    SCORE_ORDER,
    "",
    // the totals the ranking used
    "(SELECT hunts, datasets, hosts FROM top LIMIT 1) AS t",
  )}`;

/**
 * How many groups there are by whether they are set aside and by verdict, and how many of each were set
 * aside by lists, rules and dispositions (a group may be by several): every count of one request's
 * groups from one pass, verdicts joined at once; of all groups, or (`keys`) of some. $4 and $6 are not read.
 */
export const groupTallies = (scope: HuntScope, keys = "") => `
  SELECT v.suppressed, lv.verdict, count(*)::int AS groups,
         count(*) FILTER (WHERE v.noisy AND NOT v.internal)::int AS by_lists,
         count(*) FILTER (WHERE v.excluded)::int AS by_rules,
         count(*) FILTER (WHERE v.disposition IN ('BENIGN', 'IGNORED'))::int AS by_dispositions
  FROM (${judged(scope, keys, TALLY_HIDDEN)}) AS v
  LEFT JOIN (${LIVE_VERDICTS}) AS lv ON lv.value = v.value AND lv.ioc_type = v.ioc_type
  WHERE $4::text IS NULL AND $6::text IS NOT NULL
  GROUP BY v.suppressed, lv.verdict`;

/**
 * The groups of some keys ($7 types, $8 values), scored, in (type, value) order: a new link's overlap, as
 * a page of them would show it.
 */
export const groupsOfKeys = (scope: HuntScope) =>
  scoredGroupsOf(scope, "SELECT k.ioc_type, k.value FROM unnest($7::text[], $8::text[]) AS k(ioc_type, value)", TIE_BREAK);
