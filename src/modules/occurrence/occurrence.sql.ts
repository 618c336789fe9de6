// Hand-written SQL of the occurrence index: writing a dataset's entries, the cross-hunt values kept beside
// them, and every read of them (sightings, occurrences of a batch of indicators, cross-hunt groups).
// IOC and host overlaps group the index (never dataset_rows), starting from ioc_shared_values, the values
// indexed in two or more hunts. As in ThreatHunt, IOC overlaps read only IOC columns, while host overlaps
// also read the host-name columns that are no IOC column.

/** Entries of a whole dataset, each (column, type, value) once: they go straight into the index. */
export const COPY_OCCURRENCES = `
  COPY ioc_occurrences
    (dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen)
  FROM STDIN`;

/** Removes the index of dataset $1, which reindex then writes again. */
export const DELETE_OCCURRENCES = `DELETE FROM ioc_occurrences WHERE dataset_id = $1`;

/**
 * Serializes the last step of imports and reindexes, so that two of them committing at once each see the
 * other's index when they look for shared values. Released at commit.
 */
export const LOCK_SHARED_VALUES = `SELECT pg_advisory_xact_lock(4242001)`;

/** Records the values of dataset $1 that another hunt has indexed too: correlation's candidates. */
export const RECORD_SHARED_VALUES = `
  INSERT INTO ioc_shared_values (ioc_type, value)
  SELECT DISTINCT o.ioc_type, o.value FROM ioc_occurrences o
  WHERE o.dataset_id = $1
    AND EXISTS (SELECT 1 FROM ioc_occurrences p WHERE p.value = o.value AND p.ioc_type = o.ioc_type AND p.hunt_id <> o.hunt_id)
  ON CONFLICT DO NOTHING`;

/**
 * Every (dataset, column) where one of the forms ($1 types, $2 canonical values) occurs, earliest first ($3
 * limit, $4 offset): IOC columns and host-name columns alike, as ThreatHunt's look-up reads every column.
 */
export const SIGHTINGS = `
  SELECT o.ioc_type, o.value, o.dataset_id, o.hunt_id, o.column_name, o.raw_value, o.occurrences,
         o.first_row_index, o.first_seen, o.last_seen
  FROM unnest($1::text[], $2::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type
  ORDER BY o.first_seen NULLS LAST, o.dataset_id, o.column_name, o.ioc_type
  LIMIT $3 OFFSET $4`;

export const SIGHTING_COUNT = `
  SELECT count(*)::int AS count
  FROM unnest($1::text[], $2::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type`;

/**
 * Where each of a batch of indicators ($2 types, $3 values) occurs within the hunts $1: in IOC columns
 * only when $4 (an IOC overlap's appearances), in every indexed column otherwise (a host overlap's).
 */
export const OCCURRENCES_OF = `
  SELECT o.ioc_type, o.value, o.dataset_id, o.hunt_id, o.column_name, o.raw_value, o.occurrences,
         o.first_row_index, o.first_seen, o.last_seen
  FROM unnest($2::text[], $3::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.ioc_type = k.ioc_type AND o.value = k.value
  WHERE o.hunt_id = ANY($1) AND (o.from_ioc_column OR NOT $4::boolean)
  ORDER BY o.hunt_id, o.dataset_id, o.column_name`;

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
 * Indicators seen in at least $2 of the hunts $1, with their hunts, appearances and latest time there,
 * and in how many hunts and datasets of the whole database they are indexed (their prevalence).
 * $3: only this IOC type (null: all); $4: only this verdict (null: any); $5: count only the entries of
 * IOC columns (true for IOC overlaps; host overlaps are the hostname groups of every entry).
 */
const IOC_GROUPS = `
  WITH groups AS (
    SELECT o.ioc_type, o.value,
           array_agg(DISTINCT o.hunt_id ORDER BY o.hunt_id) FILTER (WHERE o.hunt_id = ANY($1)) AS hunt_ids,
           (sum(o.occurrences) FILTER (WHERE o.hunt_id = ANY($1)))::bigint AS appearances,
           max(o.last_seen) FILTER (WHERE o.hunt_id = ANY($1)) AS last_seen,
           count(DISTINCT o.hunt_id)::int AS database_hunts,
           count(DISTINCT o.dataset_id)::int AS database_datasets
    FROM ioc_shared_values s
    JOIN ioc_occurrences o ON o.value = s.value AND o.ioc_type = s.ioc_type
    WHERE ($3::text IS NULL OR s.ioc_type = $3) AND (o.from_ioc_column OR NOT $5::boolean)
    GROUP BY o.ioc_type, o.value
    HAVING count(DISTINCT o.hunt_id) FILTER (WHERE o.hunt_id = ANY($1)) >= $2
  ),
  judged AS (
    SELECT g.*, CASE WHEN $4::text IS NULL THEN NULL ELSE (${resultOf("g", "e.verdict")}) END AS verdict FROM groups g
  )
  SELECT * FROM judged WHERE $4::text IS NULL OR verdict = $4`;

/**
 * The signals of an overlap's score, each a column (see SCORE and the README): its verdict, its rarity
 * across the hunts and datasets of the database (an inverse document frequency), how many of the
 * correlated hunts share it, and how specific its kind of indicator is. `r` has the group's columns and
 * its verdict; `t` the database's totals.
 */
const SIGNALS = `
  (CASE r.verdict WHEN 'malicious' THEN 10 WHEN 'suspicious' THEN 5 WHEN 'clean' THEN -5 ELSE 0 END)::float8 AS verdict_effect,
  round((4 * ln((t.hunts + 1.0) / greatest(r.database_hunts, 1)))::numeric, 3)::float8 AS hunt_rarity_effect,
  round((ln((t.datasets + 1.0) / greatest(r.database_datasets, 1)))::numeric, 3)::float8 AS dataset_rarity_effect,
  round((ln(cardinality(r.hunt_ids)))::numeric, 3)::float8 AS spread_effect,
  (CASE WHEN r.ioc_type LIKE 'hash_%' THEN 2 WHEN r.ioc_type = 'url' THEN 1.5 WHEN r.ioc_type = 'domain' THEN 1 ELSE 0 END)::float8 AS type_effect`;

const SCORE = `round((verdict_effect + hunt_rarity_effect + dataset_rarity_effect + spread_effect + type_effect)::numeric, 3)::float8`;

const TOTALS = `(SELECT (SELECT count(*) FROM hunts) AS hunts, (SELECT count(*) FROM datasets) AS datasets) AS t`;

const GROUP_COLUMNS = `ioc_type, value, hunt_ids, appearances, last_seen, database_hunts, database_datasets`;

/**
 * Each indicator's non-expired result with the most severe verdict, the newest among equals: one pass
 * over enrichment_results, hash-joined, for scoring every group at once.
 */
const LIVE_VERDICTS = `
  SELECT DISTINCT ON (e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value))
         e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) AS value, e.verdict, e.source
  FROM enrichment_results e
  WHERE e.verdict IN ('malicious', 'suspicious', 'unknown', 'clean') AND (e.expires_at IS NULL OR e.expires_at > now())
  ORDER BY e.ioc_type, huntgraph_canonical_ioc(e.ioc_type, e.ioc_value), ${SEVERITY}, e.cached_at DESC, e.id`;

/** How `scored` finds verdicts: per row (for a page already cut) or all at once (for scoring every group). */
const VERDICT_JOINS = {
  perRow: `LEFT JOIN LATERAL (${resultOf("x", "e.verdict, e.source")}) AS v ON true`,
  allAtOnce: `LEFT JOIN (${LIVE_VERDICTS}) AS v ON v.value = x.value AND v.ioc_type = x.ioc_type`,
};

/** The rows of `source` (groups with a `position`) with their verdict, the signals of their score, and the score. */
const scored = (source: string, verdicts: keyof typeof VERDICT_JOINS) => `
  SELECT s.*, ${SCORE} AS score FROM (
    SELECT ${GROUP_COLUMNS}, r.verdict, r.verdict_source, r.position, t.hunts::int AS total_hunts, t.datasets::int AS total_datasets,
           ${SIGNALS}
    FROM (
      SELECT x.ioc_type, x.value, x.hunt_ids, x.appearances, x.last_seen, x.database_hunts, x.database_datasets, x.position,
             v.verdict, v.source AS verdict_source
      FROM (${source}) AS x ${VERDICT_JOINS[verdicts]}
    ) AS r CROSS JOIN ${TOTALS}
  ) AS s`;

const PAGE_COLUMNS = `ioc_type, value, hunt_ids, appearances::text AS appearances, last_seen, database_hunts, database_datasets, verdict,
  verdict_source, total_hunts, total_datasets, verdict_effect, hunt_rarity_effect, dataset_rarity_effect, spread_effect, type_effect, score`;

/**
 * A page of groups (IOC overlaps, or host overlaps with the hostname type) in one of the orders ($6 limit,
 * $7 offset), with the signals of its score; ties are broken by type and value, so pages never overlap.
 * The sum of appearances is a bigint, sent as text; orders use `result.appearances`, the number: a bare
 * `appearances` would name the text output column and sort 97 before 611. The page is cut before the
 * verdicts of its rows are looked up: one look-up per row of the page, not per group.
 */
const groupsPage = (order: string) => `
  SELECT ${PAGE_COLUMNS} FROM (${scored(
    `
    SELECT result.*, row_number() OVER (ORDER BY ${order}) AS position FROM (${IOC_GROUPS}) AS result
    ORDER BY ${order}
    LIMIT $6 OFFSET $7`,
    "perRow",
  )}) AS page
  ORDER BY position`;

const TIE_BREAK = `ioc_type, value COLLATE "C"`;

/** Most appearances first: ThreatHunt's order. */
export const IOC_OVERLAPS = groupsPage(`result.appearances DESC, ${TIE_BREAK}`);
/** Seen in most hunts first, then most appearances. */
export const IOC_OVERLAPS_BY_HUNTS = groupsPage(`cardinality(hunt_ids) DESC, result.appearances DESC, ${TIE_BREAK}`);
/** Seen most recently first (undated last), then most appearances. */
export const IOC_OVERLAPS_BY_LAST_SEEN = groupsPage(`last_seen DESC NULLS LAST, result.appearances DESC, ${TIE_BREAK}`);
/** By value (byte order), then type. */
export const IOC_OVERLAPS_BY_VALUE = groupsPage(`value COLLATE "C", ioc_type`);
/** Highest score first: every group's verdict and signals are computed before the page is cut. */
export const IOC_OVERLAPS_BY_SCORE = `
  SELECT ${PAGE_COLUMNS} FROM (${scored(`SELECT result.*, 0 AS position FROM (${IOC_GROUPS}) AS result`, "allAtOnce")}) AS page
  ORDER BY score DESC, ${TIE_BREAK}
  LIMIT $6 OFFSET $7`;

export const IOC_OVERLAP_COUNT = `SELECT count(*)::int AS count FROM (${IOC_GROUPS}) AS result`;
