// Hand-written SQL of indicator look-ups: served from the occurrence index, for any number of rows.

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
