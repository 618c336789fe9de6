// Hand-written SQL of the dataset module.

/**
 * One page of rows for each of many datasets in one statement: a lateral join walks the
 * (dataset_id, row_index) index once per dataset. $1 dataset ids, $2 rows to skip, $3 rows to take.
 */
export const ROW_PAGES = `
  SELECT r.id, r.dataset_id, r.row_index, r.data, r.normalized_data
  FROM unnest($1::varchar[]) AS d(id)
  CROSS JOIN LATERAL (
    SELECT id, dataset_id, row_index, data, normalized_data
    FROM dataset_rows
    WHERE dataset_id = d.id AND row_index >= $2
    ORDER BY row_index
    LIMIT $3
  ) AS r`;

/** Rows by position: $1 dataset ids and $2 row indexes, pairwise. */
export const ROWS_AT = `
  SELECT r.id, r.dataset_id, r.row_index, r.data, r.normalized_data
  FROM unnest($1::varchar[], $2::int[]) AS k(dataset_id, row_index)
  JOIN dataset_rows r ON r.dataset_id = k.dataset_id AND r.row_index = k.row_index`;
