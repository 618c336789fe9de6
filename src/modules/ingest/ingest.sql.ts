// Hand-written SQL of ingestion: bulk loading of rows, and the pages of stored rows that reindex reads.

export const COPY_ROWS = `COPY dataset_rows (dataset_id, row_index, data, normalized_data) FROM STDIN`;

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
