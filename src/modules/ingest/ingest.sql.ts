// Hand-written SQL of ingestion: bulk row loading and the merge of occurrence-index batches.

export const COPY_ROWS = `COPY dataset_rows (dataset_id, row_index, data, normalized_data) FROM STDIN`;
export const COPY_ROWS_FROM_BLOB = `COPY dataset_rows (dataset_id, row_index, data, normalized_data) FROM '/dev/blob'`;

/**
 * Adds a batch of occurrence records of one dataset; a value already indexed from an earlier batch
 * is merged: counts add up, the earliest row and the widest time span win.
 * $1 dataset id, $2 hunt id, $3.. parallel arrays, one element per record.
 */
export const MERGE_OCCURRENCES = `
  INSERT INTO ioc_occurrences
    (dataset_id, hunt_id, column_name, ioc_type, value, raw_value, occurrences, first_row_index, first_seen, last_seen)
  SELECT $1, $2, o.*
  FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::timestamptz[], $10::timestamptz[]) AS o
  ON CONFLICT (dataset_id, column_name, ioc_type, value) DO UPDATE SET
    occurrences = ioc_occurrences.occurrences + EXCLUDED.occurrences,
    raw_value = CASE WHEN EXCLUDED.first_row_index < ioc_occurrences.first_row_index
                     THEN EXCLUDED.raw_value ELSE ioc_occurrences.raw_value END,
    first_row_index = LEAST(ioc_occurrences.first_row_index, EXCLUDED.first_row_index),
    first_seen = LEAST(ioc_occurrences.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(ioc_occurrences.last_seen, EXCLUDED.last_seen)`;

/**
 * Serializes the last step of imports, so that two imports committing at once each see the other's
 * index when they look for shared values. Released at commit.
 */
export const LOCK_SHARED_VALUES = `SELECT pg_advisory_xact_lock(4242001)`;

/** Records the values of dataset $1 that another hunt has indexed too: correlation's candidates. */
export const RECORD_SHARED_VALUES = `
  INSERT INTO ioc_shared_values (ioc_type, value)
  SELECT DISTINCT o.ioc_type, o.value FROM ioc_occurrences o
  WHERE o.dataset_id = $1
    AND EXISTS (SELECT 1 FROM ioc_occurrences p WHERE p.value = o.value AND p.ioc_type = o.ioc_type AND p.hunt_id <> o.hunt_id)
  ON CONFLICT DO NOTHING`;
