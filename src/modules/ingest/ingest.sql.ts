// Hand-written SQL of ingestion: bulk loading of rows and of the occurrence index, and the shared values
// correlation looks at.

export const COPY_ROWS = `COPY dataset_rows (dataset_id, row_index, data, normalized_data) FROM STDIN`;

/** Entries of a whole dataset, each (column, type, value) once: they go straight into the index. */
export const COPY_OCCURRENCES = `
  COPY ioc_occurrences
    (dataset_id, hunt_id, column_name, ioc_type, value, raw_value, occurrences, first_row_index, first_seen, last_seen)
  FROM STDIN`;

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
