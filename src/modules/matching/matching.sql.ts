// Matching shared values against warninglists and exclusion rules, in the database: CIDR blocks through
// inet and a GiST index, exact values and domains (every parent domain of a value's host, looked up in a
// b-tree), substrings and regular expressions by scanning the few patterns of those kinds. The matches
// are stored (ioc_list_matches, ioc_rule_matches) for every list, enabled or not, so that enabling a
// list is one update and correlation never matches at query time.
// Each statement is made for a scope of values ({values}: the ones not matched yet, or all) and of
// sources ({lists}/{rules}: one, or all).

/**
 * Every parent domain of s.host, itself included (`proper` false) or not: a.b.example.com →
 * a.b.example.com, b.example.com, example.com, com.
 */
const PARENT_DOMAINS = `
  CROSS JOIN LATERAL (
    SELECT array_to_string(l.labels[i:], '.') AS name, i > 1 AS proper
    FROM (SELECT string_to_array(s.host, '.') AS labels) AS l, generate_subscripts(l.labels, 1) AS i
  ) AS parent`;

export type ValueScope = "unmatched" | "all";

const VALUE_SCOPE: Record<ValueScope, string> = { unmatched: "NOT s.matched", all: "true" };

/** Statements that record the matches of warninglists ($1: one list's id, or null for all) on the values of `scope`. */
export function listMatchStatements(scope: ValueScope): string[] {
  const insert = (join: string, where: string, prefix = "NULL::smallint") => `
    INSERT INTO ioc_list_matches (ioc_type, value, list_id, prefix)
    SELECT s.ioc_type, s.value, w.id, ${prefix}
    FROM ioc_shared_values s ${join}
    WHERE ${VALUE_SCOPE[scope]} AND ($1::int IS NULL OR w.id = $1) AND s.ioc_type = ANY(w.ioc_types) AND ${where}
    GROUP BY s.ioc_type, s.value, w.id
    ON CONFLICT DO NOTHING`;
  return [
    insert(
      `JOIN warninglist_entries e ON e.network >>= s.address AND e.network IS NOT NULL JOIN warninglists w ON w.id = e.list_id`,
      `w.list_type = 'cidr'`,
    ),
    insert(
      `JOIN warninglist_entries e ON e.pattern = ANY(ARRAY[lower(s.value), s.host]) AND e.network IS NULL JOIN warninglists w ON w.id = e.list_id`,
      `w.list_type = 'string'`,
    ),
    insert(
      `${PARENT_DOMAINS} JOIN warninglist_entries e ON e.pattern = parent.name JOIN warninglists w ON w.id = e.list_id`,
      `w.list_type = 'hostname'`,
    ),
    insert(
      `JOIN warninglists w ON w.list_type IN ('substring', 'regex') JOIN warninglist_entries e ON e.list_id = w.id`,
      `CASE w.list_type WHEN 'substring' THEN strpos(lower(s.value), e.pattern) > 0 ELSE s.value ~ e.pattern END`,
    ),
  ];
}

/** Statements that record the matches of exclusion rules ($1: one rule's id, or null for all) on the values of `scope`. */
export function ruleMatchStatements(scope: ValueScope): string[] {
  const insert = (join: string, where: string) => `
    INSERT INTO ioc_rule_matches (ioc_type, value, rule_id)
    SELECT DISTINCT s.ioc_type, s.value, r.id
    FROM ioc_shared_values s ${join}
    WHERE ${VALUE_SCOPE[scope]} AND ($1::varchar IS NULL OR r.id = $1) AND (r.ioc_type IS NULL OR r.ioc_type = s.ioc_type) AND ${where}
    ON CONFLICT DO NOTHING`;
  return [
    insert(`JOIN exclusion_rules r ON r.network >>= s.address`, `r.kind = 'CIDR'`),
    insert(`JOIN exclusion_rules r ON r.pattern = s.value`, `r.kind = 'EXACT'`),
    insert(`${PARENT_DOMAINS} JOIN exclusion_rules r ON r.pattern = parent.name`, `r.kind = 'DOMAIN'`),
    insert(`JOIN exclusion_rules r ON r.kind = 'REGEX'`, `s.value ~ r.pattern`),
  ];
}

/** After matching the values not matched yet against every list and rule. */
export const MARK_MATCHED = `UPDATE ioc_shared_values SET matched = true WHERE NOT matched`;

/** Forgets the matches of list $1 (before it is matched again with new entries). */
export const FORGET_LIST_MATCHES = `DELETE FROM ioc_list_matches WHERE list_id = $1`;
