// Hand-written SQL of ingestion: bulk loading of rows and of the occurrence index, the shared values
// correlation looks at, and what reindex reads and replaces.

export const COPY_ROWS = `COPY dataset_rows (dataset_id, row_index, data, normalized_data) FROM STDIN`;

/** Entries of a whole dataset, each (column, type, value) once: they go straight into the index. */
export const COPY_OCCURRENCES = `
  COPY ioc_occurrences
    (dataset_id, hunt_id, column_name, ioc_type, from_ioc_column, value, raw_value, occurrences, first_row_index, first_seen, last_seen)
  FROM STDIN`;

/** Removes the index of dataset $1, which reindex then writes again. */
export const DELETE_OCCURRENCES = `DELETE FROM ioc_occurrences WHERE dataset_id = $1`;

/**
 * The next rows of dataset $1 after position ($2, $3) in (row_index, id) order, $4 at most: reindex reads a
 * dataset page by page, each page from the index on (dataset_id, row_index). The id only breaks ties,
 * should a database hold a row index twice.
 */
export const ROWS_AFTER = `
  SELECT id, row_index, data FROM dataset_rows
  WHERE dataset_id = $1 AND (row_index, id) > ($2, $3)
  ORDER BY row_index, id
  LIMIT $4`;

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
