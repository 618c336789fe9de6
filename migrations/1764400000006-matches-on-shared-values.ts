// Each shared value carries the ids of the warninglists and exclusion rules that match it, so that
// correlation reads one table: joining and grouping ioc_list_matches for 19,000 shared values took 40 of a
// first page's 100 ms (bench:wide, PostgreSQL). ioc_list_matches and ioc_rule_matches stay the record;
// statement triggers on them keep the arrays, whoever writes the matches.
// - list_ids: every list that matches, enabled or not (which are enabled and their roles are read at
//   query time, so switching a list costs nothing);
// - narrow_list_ids: those whose matching block is narrow enough to say something of one address (see
//   NARROW_PREFIX), the only ones a CONTEXT role raises;
// - rule_ids: every exclusion rule that matches.
import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A CIDR block broader than a /16 (IPv4) or /48 (IPv6) says little about one address in it: vpn-ipv4 lists
 * whole cloud ranges, such as 142.250.0.0/15.
 */
const NARROW_PREFIX = `(m.prefix IS NULL OR m.prefix >= CASE WHEN strpos(m.value, ':') > 0 THEN 48 ELSE 16 END)`;

const LIST_IDS = `
  CREATE FUNCTION huntgraph_list_ids_changed() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
  BEGIN
    EXECUTE $q$
    UPDATE ioc_shared_values s
    SET list_ids = coalesce(a.ids, '{}'), narrow_list_ids = coalesce(a.narrow, '{}')
    FROM (SELECT DISTINCT c.ioc_type, c.value FROM changed c) AS k
    LEFT JOIN LATERAL (
      SELECT array_agg(m.list_id ORDER BY m.list_id) AS ids,
             array_agg(m.list_id ORDER BY m.list_id) FILTER (WHERE ${NARROW_PREFIX}) AS narrow
      FROM ioc_list_matches m WHERE m.ioc_type = k.ioc_type AND m.value = k.value
    ) AS a ON true
    WHERE s.ioc_type = k.ioc_type AND s.value = k.value
    $q$;
    RETURN NULL;
  END
  $fn$`;

const RULE_IDS = `
  CREATE FUNCTION huntgraph_rule_ids_changed() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
  BEGIN
    EXECUTE $q$
    UPDATE ioc_shared_values s
    SET rule_ids = coalesce((SELECT array_agg(m.rule_id ORDER BY m.rule_id) FROM ioc_rule_matches m
                             WHERE m.ioc_type = k.ioc_type AND m.value = k.value), '{}')
    FROM (SELECT DISTINCT c.ioc_type, c.value FROM changed c) AS k
    WHERE s.ioc_type = k.ioc_type AND s.value = k.value
    $q$;
    RETURN NULL;
  END
  $fn$`;

// The triggers' statements run through EXECUTE, planned each time: PL/pgSQL's cached plan of a static one
// turned slow within a session (inserting 3,334 matches of one list took 90 ms in a new session, 1.5 s
// after other lists were loaded; bench:matching).

/** A trigger with transition tables takes one event: one per event and table. */
const TRIGGERS: [string, string, string, string][] = [
  ["tr_ioc_list_matches_insert", "INSERT", "ioc_list_matches", "NEW"],
  ["tr_ioc_list_matches_update", "UPDATE", "ioc_list_matches", "NEW"],
  ["tr_ioc_list_matches_delete", "DELETE", "ioc_list_matches", "OLD"],
  ["tr_ioc_rule_matches_insert", "INSERT", "ioc_rule_matches", "NEW"],
  ["tr_ioc_rule_matches_delete", "DELETE", "ioc_rule_matches", "OLD"],
];

export class MatchesOnSharedValues1764400000006 implements MigrationInterface {
  name = "MatchesOnSharedValues1764400000006";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ioc_shared_values
        ADD COLUMN list_ids integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN narrow_list_ids integer[] NOT NULL DEFAULT '{}',
        ADD COLUMN rule_ids varchar(32)[] NOT NULL DEFAULT '{}'`);
    await db.query(LIST_IDS);
    await db.query(RULE_IDS);
    for (const [name, event, table, transition] of TRIGGERS) {
      const fn = table === "ioc_list_matches" ? "huntgraph_list_ids_changed" : "huntgraph_rule_ids_changed";
      await db.query(`
        CREATE TRIGGER ${name} AFTER ${event} ON ${table}
        REFERENCING ${transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    // the matches recorded before: rewriting them once fires the triggers
    await db.query(`UPDATE ioc_list_matches SET prefix = prefix`);
    await db.query(`
      UPDATE ioc_shared_values s SET rule_ids = m.ids
      FROM (SELECT ioc_type, value, array_agg(rule_id ORDER BY rule_id) AS ids FROM ioc_rule_matches GROUP BY 1, 2) AS m
      WHERE m.ioc_type = s.ioc_type AND m.value = s.value`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name, , table] of TRIGGERS) await db.query(`DROP TRIGGER ${name} ON ${table}`);
    await db.query(`DROP FUNCTION huntgraph_list_ids_changed()`);
    await db.query(`DROP FUNCTION huntgraph_rule_ids_changed()`);
    await db.query(`ALTER TABLE ioc_shared_values DROP COLUMN list_ids, DROP COLUMN narrow_list_ids, DROP COLUMN rule_ids`);
  }
}
