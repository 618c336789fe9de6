// Matching shared values against warninglists and exclusion rules, in the database: CIDR blocks through
// inet and an SP-GiST index, exact values and domains (every parent domain of a value's host, looked up in a
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

/**
 * A domain name (lower-case, two labels or more). Such an entry of a substring list (disposable-email has
 * 8,201) is matched as a domain and its subdomains, through the b-tree: as substrings, every value would
 * be compared with every entry.
 */
const DOMAIN_NAME = "^[a-z0-9_-]+(\\.[a-z0-9_-]+)+$";

export type ValueScope = "unmatched" | "all";

const VALUE_SCOPE: Record<ValueScope, string> = { unmatched: "NOT s.matched", all: "true" };

/** A statement recording matches, and the types of list it serves. */
export interface MatchStatement {
  sql: string;
  listTypes: readonly string[];
}

/**
 * Statements that record the matches of warninglists ($1: one list's id, or null for all) on the values of
 * `scope`, into `target`. Each finds, per shared value, the entries that match it through an index
 * (`pairs`, kept from being flattened by OFFSET 0: joined freely, the planner may compare every value with
 * every entry), then keeps those of lists of the right type (`where`, over m.* and w.*).
 */
export function listMatchStatements(scope: ValueScope, target = "ioc_list_matches"): MatchStatement[] {
  const insert = (pairs: string, where: string, prefix = "NULL::smallint") => `
    INSERT INTO ${target} (ioc_type, value, list_id, prefix)
    SELECT m.ioc_type, m.value, w.id, ${prefix}
    FROM (SELECT s.ioc_type, s.value, e.* FROM ioc_shared_values s ${pairs} WHERE ${VALUE_SCOPE[scope]} OFFSET 0) AS m
    JOIN warninglists w ON w.id = m.list_id
    WHERE ($1::int IS NULL OR w.id = $1) AND m.ioc_type = ANY(w.ioc_types) AND ${where}
    GROUP BY m.ioc_type, m.value, w.id
    ON CONFLICT DO NOTHING`;
  const entries = (columns: string, where: string) =>
    `CROSS JOIN LATERAL (SELECT e.list_id, ${columns} FROM warninglist_entries e WHERE ${where} OFFSET 0) AS e`;
  return [
    {
      // CIDR blocks holding the address, through the SP-GiST index; the narrowest block's prefix is kept
      sql: insert(
        entries("masklen(e.network) AS bits", "e.network >>= s.address AND e.network IS NOT NULL"),
        `w.list_type = 'cidr'`,
        "max(m.bits)::smallint",
      ),
      listTypes: ["cidr"],
    },
    {
      // exact values, or a URL's host
      sql: insert(entries("e.pattern", "e.pattern = ANY(ARRAY[lower(s.value), s.host]) AND e.network IS NULL"), `w.list_type = 'string'`),
      listTypes: ["string"],
    },
    {
      // hostname lists, and domain names in substring lists: the domain and its subdomains; ".example.com"
      // in a string list: the subdomains only
      sql: insert(
        `${PARENT_DOMAINS} ${entries("e.pattern, parent.name, parent.proper", "e.pattern IN (parent.name, '.' || parent.name) AND e.network IS NULL")}`,
        `((w.list_type IN ('hostname', 'substring') AND m.pattern = m.name) OR (w.list_type = 'string' AND m.proper AND m.pattern = '.' || m.name))`,
      ),
      listTypes: ["hostname", "substring", "string"],
    },
    {
      // the other substrings, and regular expressions: every value against every such entry (there are few)
      sql: insert(
        `CROSS JOIN (SELECT e.list_id, e.pattern FROM warninglist_entries e JOIN warninglists l ON l.id = e.list_id
                     WHERE ($1::int IS NULL OR l.id = $1)
                       AND (l.list_type = 'regex' OR (l.list_type = 'substring' AND e.pattern !~ '${DOMAIN_NAME}'))) AS e`,
        `CASE w.list_type WHEN 'substring' THEN strpos(lower(m.value), m.pattern) > 0 ELSE m.value ~ m.pattern END`,
      ),
      listTypes: ["substring", "regex"],
    },
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

/**
 * A list's matches are computed afresh into this table, then only the difference is written: a list
 * reloaded with few changes rewrites few matches (and few shared values' list_ids).
 */
export const FRESH_LIST_MATCHES = "huntgraph_fresh_list_matches";

export const PREPARE_FRESH_LIST_MATCHES = [
  `CREATE TEMP TABLE IF NOT EXISTS ${FRESH_LIST_MATCHES} (LIKE ioc_list_matches INCLUDING INDEXES) ON COMMIT DROP`,
  `TRUNCATE ${FRESH_LIST_MATCHES}`,
];

/** Writes the difference between list $1's recorded matches and its fresh ones. */
export const APPLY_FRESH_LIST_MATCHES = [
  `DELETE FROM ioc_list_matches m WHERE m.list_id = $1 AND NOT EXISTS (
     SELECT 1 FROM ${FRESH_LIST_MATCHES} f
     WHERE f.ioc_type = m.ioc_type AND f.value = m.value AND f.list_id = m.list_id AND f.prefix IS NOT DISTINCT FROM m.prefix)`,
  `INSERT INTO ioc_list_matches (ioc_type, value, list_id, prefix)
   SELECT ioc_type, value, list_id, prefix FROM ${FRESH_LIST_MATCHES} WHERE list_id = $1
   ON CONFLICT DO NOTHING`,
];

/** The type of list $1. */
export const LIST_TYPE = `SELECT list_type FROM warninglists WHERE id = $1`;
