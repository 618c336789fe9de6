// Hand-written SQL of the occurrence index: writing a dataset's entries, the cross-hunt values kept beside
// them, and every read of them (sightings, occurrences of a batch of indicators, cross-hunt groups).
// IOC and host overlaps group the index (never dataset_rows), starting from ioc_shared_values, the values
// indexed in two or more hunts. As in ThreatHunt, IOC overlaps read only IOC columns, while host overlaps
// also read the host-name columns that are no IOC column.

/** Entries of a whole dataset, each (column, type, value) once: they go straight into the index. */
export const COPY_OCCURRENCES = `
  COPY ioc_occurrences
    (dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen, hosts)
  FROM STDIN`;

/** Removes the index of dataset $1, which reindex then writes again. */
export const DELETE_OCCURRENCES = `DELETE FROM ioc_occurrences WHERE dataset_id = $1`;

/**
 * Serializes the last step of imports and reindexes, so that two of them committing at once each see the
 * other's index when they look for shared values. Released at commit.
 */
export const LOCK_SHARED_VALUES = `SELECT pg_advisory_xact_lock(4242001)`;

/** The channel on which the commit of new links is notified (see modules/links). */
export const LINKS_CHANNEL = "huntgraph_links";

/** What the hunt of dataset $1 shared before an import or reindex changes it: new links are measured against it. */
export const KEEP_SHARED_BEFORE = [
  `CREATE TEMP TABLE IF NOT EXISTS huntgraph_shared_before (ioc_type text NOT NULL, value text NOT NULL) ON COMMIT DROP`,
  `TRUNCATE huntgraph_shared_before`,
  `INSERT INTO huntgraph_shared_before (ioc_type, value)
   SELECT h.ioc_type, h.value FROM ioc_value_hunts h JOIN datasets d ON d.hunt_id = h.hunt_id WHERE d.id = $1 AND h.ioc_column`,
];

/**
 * The link events of dataset $1, once its shared values are recorded: each IOC-column value of it that
 * its hunt now shares with another and did not share before, in (type, value) order; a notification
 * (sent at commit) wakes every process's subscribers.
 */
export const RECORD_NEW_LINKS = `
  WITH recorded AS (
    INSERT INTO ioc_link_events (ioc_type, value, hunt_id, dataset_id, hunt_ids)
    SELECT s.ioc_type, s.value, d.hunt_id, d.id, s.hunt_ids
    FROM datasets d
    CROSS JOIN (SELECT DISTINCT o.ioc_type, o.value FROM ioc_occurrences o WHERE o.dataset_id = $1 AND o.from_ioc_column) AS k
    JOIN ioc_shared_values s ON s.ioc_type = k.ioc_type AND s.value = k.value
    WHERE d.id = $1 AND d.hunt_id = ANY(s.hunt_ids) AND cardinality(s.hunt_ids) >= 2
      AND NOT EXISTS (SELECT 1 FROM huntgraph_shared_before b WHERE b.ioc_type = s.ioc_type AND b.value = s.value)
    ORDER BY s.ioc_type, s.value COLLATE "C"
    RETURNING id
  )
  SELECT count(*)::int AS links, pg_notify('${LINKS_CHANNEL}', coalesce(max(id), 0)::text) FROM recorded HAVING count(*) > 0`;

/**
 * Records the values of dataset $1 that another hunt has indexed too (correlation's candidates), with
 * their aggregates over the whole index (see huntgraph_refresh_shared_values).
 */
export const RECORD_SHARED_VALUES = `
  SELECT huntgraph_refresh_shared_values(array_agg(k.ioc_type), array_agg(k.value)) FROM (
    SELECT DISTINCT o.ioc_type, o.value FROM ioc_occurrences o
    WHERE o.dataset_id = $1
      AND EXISTS (SELECT 1 FROM ioc_occurrences p WHERE p.value = o.value AND p.ioc_type = o.ioc_type AND p.hunt_id <> o.hunt_id)
  ) AS k
  HAVING count(*) > 0`;

/**
 * Every (dataset, column) where one of the forms ($1 types, $2 canonical values) occurs outside the hunts
 * $3 (hidden from the caller), earliest first ($4 limit, $5 offset): IOC columns and host-name columns
 * alike, as ThreatHunt's look-up reads every column.
 */
export const SIGHTINGS = `
  SELECT o.ioc_type, o.value, o.dataset_id, o.hunt_id, o.column_name, o.raw_value, o.occurrences,
         o.first_row_index, o.first_seen, o.last_seen, cardinality(o.hosts) AS hosts
  FROM unnest($1::text[], $2::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type
  WHERE o.hunt_id IS NULL OR o.hunt_id <> ALL($3::varchar[])
  ORDER BY o.first_seen NULLS LAST, o.dataset_id, o.column_name, o.ioc_type
  LIMIT $4 OFFSET $5`;

export const SIGHTING_COUNT = `
  SELECT count(*)::int AS count
  FROM unnest($1::text[], $2::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type
  WHERE o.hunt_id IS NULL OR o.hunt_id <> ALL($3::varchar[])`;

/**
 * Where each of a batch of indicators ($2 types, $3 values) occurs within the hunts $1: in IOC columns
 * only when $4 (an IOC overlap's appearances), in every indexed column otherwise (a host overlap's).
 */
export const OCCURRENCES_OF = `
  SELECT o.ioc_type, o.value, o.dataset_id, o.hunt_id, o.column_name, o.raw_value, o.occurrences,
         o.first_row_index, o.first_seen, o.last_seen, cardinality(o.hosts) AS hosts
  FROM unnest($2::text[], $3::text[]) AS k(ioc_type, value)
  JOIN ioc_occurrences o ON o.ioc_type = k.ioc_type AND o.value = k.value
  WHERE o.hunt_id = ANY($1) AND (o.from_ioc_column OR NOT $4::boolean)
  ORDER BY o.hunt_id, o.dataset_id, o.column_name`;
