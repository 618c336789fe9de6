// Hand-written SQL of the correlation engine over datasets and hypotheses. Every query is scoped to an
// explicit array of hunt ids ($1). IOC and host overlaps are groups of the occurrence index: their SQL is
// the index's (occurrence/occurrence.sql.ts).

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
