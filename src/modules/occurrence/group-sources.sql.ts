// Where cross-hunt groups come from, by whose hunts a query reads (see groups.sql for the parameters):
// the shared values with their kept aggregates, summed over some hunts, or over the hunts a caller sees
// with prevalence and totals counted without the hunts hidden from it.

/** Which of a shared value's columns a group reads: those of IOC columns ($5) or those of every entry. */
const pick = (column: string) => `CASE WHEN $5::boolean THEN s.${column} ELSE s.all_${column} END`;

/** A value's prevalence in the whole database, as kept on its shared value. */
const KEPT_PREVALENCE = `cardinality(${pick("hunt_ids")}) AS database_hunts, ${pick("datasets")} AS database_datasets, s.hosts AS database_hosts`;

/**
 * Every hunt is correlated: a group is a shared value with its aggregates as they are. Prevalence in the
 * database is the same as in the correlated hunts.
 */
const EVERY_HUNT = (keys: string) => `
  SELECT s.ioc_type, s.value, ${pick("hunt_ids")} AS hunt_ids, ${pick("appearances")} AS appearances, ${pick("last_seen")} AS last_seen,
         ${KEPT_PREVALENCE}, s.internal,
         s.list_ids, s.narrow_list_ids, s.rule_ids
  FROM ioc_shared_values s
  WHERE ($3::text IS NULL OR s.ioc_type = $3) AND cardinality(${pick("hunt_ids")}) >= $2${keys && ` AND (s.ioc_type, s.value) IN (${keys})`}`;

/**
 * A value's prevalence in the part of the database the caller sees (every hunt but `hidden`, a parameter
 * of hunt ids), counted from its entries as the shared value's kept aggregates count them in the whole.
 */
const visiblePrevalence = (hidden: string) => {
  // a value no hidden hunt holds has the kept aggregates: only the others are counted again
  const kept = (expression: string, recount: string) =>
    `CASE WHEN s.all_hunt_ids && ${hidden}::varchar[] THEN (${recount}) ELSE ${expression} END`;
  const visible = `o.ioc_type = g.ioc_type AND o.value = g.value AND (o.hunt_id IS NULL OR o.hunt_id <> ALL(${hidden}::varchar[]))`;
  return `
  ${kept(`cardinality(${pick("hunt_ids")})`, `SELECT count(DISTINCT o.hunt_id) FILTER (WHERE o.from_ioc_column OR NOT $5::boolean) FROM ioc_occurrences o WHERE ${visible}`)} AS database_hunts,
  ${kept(pick("datasets"), `SELECT count(DISTINCT o.dataset_id) FILTER (WHERE o.from_ioc_column OR NOT $5::boolean) FROM ioc_occurrences o WHERE ${visible}`)} AS database_datasets,
  ${kept(
    "s.hosts",
    `SELECT nullif(count(DISTINCT h), 0) FROM ioc_occurrences o CROSS JOIN LATERAL unnest(o.hosts) AS h WHERE ${visible} AND o.from_ioc_column`,
  )} AS database_hosts`;
};

/** Some of the hunts are correlated: a group adds up a shared value's appearances in those hunts. */
const someHunts = (prevalence: string) => (keys: string) => `
  SELECT s.ioc_type, s.value, g.hunt_ids, g.appearances, g.last_seen, ${prevalence}, s.internal,
         s.list_ids, s.narrow_list_ids, s.rule_ids
  FROM (
    SELECT h.ioc_type, h.value, array_agg(DISTINCT h.hunt_id ORDER BY h.hunt_id) AS hunt_ids, sum(h.appearances)::bigint AS appearances,
           max(h.last_seen) AS last_seen
    FROM ioc_value_hunts h
    WHERE h.hunt_id = ANY($1) AND (h.ioc_column OR NOT $5::boolean) AND ($3::text IS NULL OR h.ioc_type = $3)${keys && ` AND (h.ioc_type, h.value) IN (${keys})`}
    GROUP BY h.ioc_type, h.value
    HAVING count(DISTINCT h.hunt_id) >= $2
  ) AS g
  JOIN ioc_shared_values s ON s.ioc_type = g.ioc_type AND s.value = g.value`;

/**
 * Whose groups a query reads: every hunt (the kept aggregates as they are), some hunts of a caller who
 * sees every hunt, or hunts of a caller from whom some are hidden, whose prevalence and totals leave
 * those out (the parameter of hidden hunt ids is $9 in pages, $7 in tallies).
 */
export type HuntScope = "every" | "some" | "visible";
export const PAGE_HIDDEN = "$9";
export const TALLY_HIDDEN = "$7";
/** Each scope's groups: all of them, or (`keys`, a query of ioc_type and value) only those. */
export const sources = (hidden: string): Record<HuntScope, (keys: string) => string> => ({
  every: EVERY_HUNT,
  some: someHunts(KEPT_PREVALENCE),
  visible: someHunts(visiblePrevalence(hidden)),
});

/** The database's hunts, datasets and distinct host names (the partial index on host names counts them). */
const TOTALS = `(
  SELECT (SELECT count(*) FROM hunts) AS hunts, (SELECT count(*) FROM datasets) AS datasets,
         (SELECT count(*) FROM (SELECT DISTINCT value FROM ioc_occurrences WHERE ioc_type = 'hostname') AS h) AS hosts
) AS t`;

/** The same totals of the part of the database the caller sees (a page's $9: the hidden hunts). */
const VISIBLE_TOTALS = `(
  SELECT (SELECT count(*) FROM hunts WHERE id <> ALL(${PAGE_HIDDEN}::varchar[])) AS hunts,
         (SELECT count(*) FROM datasets WHERE hunt_id IS NULL OR hunt_id <> ALL(${PAGE_HIDDEN}::varchar[])) AS datasets,
         (SELECT count(*) FROM (SELECT DISTINCT value FROM ioc_occurrences
                                WHERE ioc_type = 'hostname' AND (hunt_id IS NULL OR hunt_id <> ALL(${PAGE_HIDDEN}::varchar[]))) AS h) AS hosts
) AS t`;

export const totals = (scope: HuntScope) => (scope === "visible" ? VISIBLE_TOTALS : TOTALS);
