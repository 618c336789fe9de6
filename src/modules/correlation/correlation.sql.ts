// Hand-written SQL of the correlation engine. Every query is scoped to an explicit array of hunt ids ($1).
// IOC and host overlaps group the ingest-time occurrence index (never dataset_rows), starting from
// ioc_shared_values, the values indexed in two or more hunts. As in ThreatHunt, IOC overlaps read only
// IOC columns, while host overlaps also read the host-name columns that are no IOC column.

/** ThreatHunt's verdict severity: lower is more severe. `error` carries no verdict. */
const SEVERITY = `CASE e.verdict WHEN 'malicious' THEN 0 WHEN 'suspicious' THEN 1 WHEN 'unknown' THEN 2 WHEN 'clean' THEN 3 END`;

/** The most severe verdict of the non-expired results for the indicator `g` (ioc_type, value). */
const VERDICT_OF_GROUP = `
  (SELECT e.verdict FROM enrichment_results e
   WHERE huntgraph_canonical_ioc(e.ioc_type, e.ioc_value) = g.value AND e.ioc_type = g.ioc_type
     AND e.verdict IN ('malicious', 'suspicious', 'unknown', 'clean')
     AND (e.expires_at IS NULL OR e.expires_at > now())
   ORDER BY ${SEVERITY} LIMIT 1)`;

/**
 * Indicators seen in at least $2 of the hunts, with their hunts and number of appearances.
 * $3: only this IOC type (null: all); $4: only this verdict (null: any); $5: count only the entries of
 * IOC columns (true for IOC overlaps; host overlaps are the hostname groups of every entry).
 */
const IOC_GROUPS = `
  WITH groups AS (
    SELECT o.ioc_type, o.value,
           array_agg(DISTINCT o.hunt_id ORDER BY o.hunt_id) AS hunt_ids,
           sum(o.occurrences)::bigint AS appearances
    FROM ioc_shared_values s
    JOIN ioc_occurrences o ON o.value = s.value AND o.ioc_type = s.ioc_type
    WHERE o.hunt_id = ANY($1) AND ($3::text IS NULL OR s.ioc_type = $3) AND (o.from_ioc_column OR NOT $5::boolean)
    GROUP BY o.ioc_type, o.value
    HAVING count(DISTINCT o.hunt_id) >= $2
  ),
  judged AS (
    SELECT g.*, CASE WHEN $4::text IS NULL THEN NULL ELSE ${VERDICT_OF_GROUP} END AS verdict FROM groups g
  )
  SELECT * FROM judged WHERE $4::text IS NULL OR verdict = $4`;

/** A page of IOC overlaps, most appearances first ($6 limit, $7 offset). */
export const IOC_OVERLAPS = `
  SELECT ioc_type, value, hunt_ids, appearances::text FROM (${IOC_GROUPS}) AS result
  ORDER BY appearances DESC, ioc_type, value COLLATE "C"
  LIMIT $6 OFFSET $7`;

export const IOC_OVERLAP_COUNT = `SELECT count(*)::int AS count FROM (${IOC_GROUPS}) AS result`;

/**
 * Time windows of datasets from different hunts that overlap, longest first ($2 minimum hours, $3 limit,
 * $4 offset). As in ThreatHunt, the overlap's start must be strictly before its end: a dataset whose
 * window is one instant (start = end) overlaps nothing, even inside another window.
 */
const TIME_PAIRS = `
  WITH pairs AS (
    SELECT a.id AS dataset_a, b.id AS dataset_b,
           greatest(a.time_range_start, b.time_range_start) AS overlap_start,
           least(a.time_range_end, b.time_range_end) AS overlap_end
    FROM datasets a
    JOIN datasets b ON a.id < b.id AND a.hunt_id <> b.hunt_id
     AND a.time_range_start < b.time_range_end AND b.time_range_start < a.time_range_end
    WHERE a.hunt_id = ANY($1) AND b.hunt_id = ANY($1)
      AND a.time_range_start < a.time_range_end AND b.time_range_start < b.time_range_end
  )
  SELECT *, extract(epoch FROM overlap_end - overlap_start) / 3600 AS hours FROM pairs
  WHERE extract(epoch FROM overlap_end - overlap_start) / 3600 >= $2`;

export const TIME_OVERLAPS = `
  SELECT dataset_a, dataset_b, overlap_start, overlap_end, hours::float8 AS hours FROM (${TIME_PAIRS}) AS result
  ORDER BY hours DESC, dataset_a, dataset_b
  LIMIT $3 OFFSET $4`;

export const TIME_OVERLAP_COUNT = `SELECT count(*)::int AS count FROM (${TIME_PAIRS}) AS result`;

/**
 * Techniques that hypotheses of two or more hunts hold. Ids are compared trimmed and upper-case, and a
 * revoked technique counts as the one that replaced it ($2 revoked ids, $3 their replacements).
 */
const TECHNIQUE_GROUPS = `
  WITH tagged AS (
    SELECT h.id, h.hunt_id, h.created_at, coalesce(r.replacement, t.technique) AS technique
    FROM hypotheses h
    CROSS JOIN LATERAL (SELECT upper(btrim(h.mitre_technique)) AS technique) AS t
    LEFT JOIN unnest($2::text[], $3::text[]) AS r(revoked, replacement) ON r.revoked = t.technique
    WHERE h.hunt_id = ANY($1) AND t.technique <> ''
  )
  SELECT technique,
         array_agg(id ORDER BY created_at, id) AS hypothesis_ids,
         array_agg(DISTINCT hunt_id ORDER BY hunt_id) AS hunt_ids
  FROM tagged
  GROUP BY technique
  HAVING count(DISTINCT hunt_id) >= 2`;

/** Most hunts first, then by technique id ($4 limit, $5 offset). */
export const TECHNIQUE_OVERLAPS = `
  SELECT * FROM (${TECHNIQUE_GROUPS}) AS result
  ORDER BY cardinality(hunt_ids) DESC, technique COLLATE "C"
  LIMIT $4 OFFSET $5`;

export const TECHNIQUE_OVERLAP_COUNT = `SELECT count(*)::int AS count FROM (${TECHNIQUE_GROUPS}) AS result`;

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
