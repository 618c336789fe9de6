// What ranking and noise suppression need (see README "Ranking"):
// - ioc_occurrences.hosts: the distinct hosts of the rows holding each entry, recorded at import and
//   reindex from the dataset's host-name column, for host prevalence (stacking);
// - ioc_shared_values grows into the table of values shared by hunts, with their aggregates kept at
//   import, reindex and deletion (hunts, appearances, latest time, datasets, hosts), and
//   ioc_value_hunts holds the same per hunt, for correlations over some of the hunts: correlation reads
//   these, not the entries;
// - warninglists (MISP's format) with their entries, and analysts' exclusion rules; ioc_list_matches and
//   ioc_rule_matches hold which shared values each list or rule matches, computed when a value becomes
//   shared and when a list or rule changes, never at query time;
// - ioc_dispositions: an analyst's BENIGN, IGNORED or ESCALATED, globally or for one hunt.
// huntgraph_refresh_shared_values() recomputes the aggregates of some values from the index; a trigger
// calls it when entries are deleted, so deleting datasets (by huntgraph or by ThreatHunt) keeps it true.
import type { MigrationInterface, QueryRunner } from "typeorm";
import { CANONICAL_IOC } from "./1764400000003-correlation-support";

const TABLES = `
  ALTER TABLE ioc_occurrences ADD COLUMN hosts text[];
  CREATE INDEX ix_ioc_occurrences_hostnames ON ioc_occurrences (value) WHERE ioc_type = 'hostname';

  DELETE FROM ioc_shared_values;
  ALTER TABLE ioc_shared_values
    ADD COLUMN hunt_ids varchar(32)[] NOT NULL,
    ADD COLUMN appearances bigint NOT NULL,
    ADD COLUMN last_seen timestamptz,
    ADD COLUMN datasets integer NOT NULL,
    ADD COLUMN hosts integer,
    ADD COLUMN all_hunt_ids varchar(32)[] NOT NULL,
    ADD COLUMN all_appearances bigint NOT NULL,
    ADD COLUMN all_last_seen timestamptz,
    ADD COLUMN all_datasets integer NOT NULL,
    ADD COLUMN address inet,
    ADD COLUMN host text,
    ADD COLUMN matched boolean NOT NULL DEFAULT false;
  CREATE INDEX ix_ioc_shared_values_unmatched ON ioc_shared_values (ioc_type, value) WHERE NOT matched;

  CREATE TABLE ioc_value_hunts (
    ioc_type varchar(32) NOT NULL,
    value text NOT NULL,
    hunt_id varchar(32) NOT NULL,
    ioc_column boolean NOT NULL,
    appearances bigint NOT NULL,
    last_seen timestamptz,
    CONSTRAINT ioc_value_hunts_pkey PRIMARY KEY (ioc_type, value, hunt_id, ioc_column),
    CONSTRAINT ioc_value_hunts_value_fkey FOREIGN KEY (ioc_type, value) REFERENCES ioc_shared_values (ioc_type, value) ON DELETE CASCADE
  );
  CREATE INDEX ix_ioc_value_hunts_hunt ON ioc_value_hunts (hunt_id);

  CREATE TABLE warninglists (
    id serial,
    name text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    version bigint NOT NULL,
    list_type varchar(16) NOT NULL,
    ioc_types varchar(32)[] NOT NULL,
    role varchar(16) NOT NULL,
    enabled boolean NOT NULL,
    origin varchar(16) NOT NULL,
    entry_count integer NOT NULL,
    file_entries integer NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT warninglists_pkey PRIMARY KEY (id)
  );
  CREATE UNIQUE INDEX warninglists_name_key ON warninglists (name);

  CREATE TABLE warninglist_entries (
    list_id integer NOT NULL,
    pattern text NOT NULL,
    network cidr,
    CONSTRAINT warninglist_entries_pkey PRIMARY KEY (list_id, pattern),
    CONSTRAINT warninglist_entries_list_id_fkey FOREIGN KEY (list_id) REFERENCES warninglists (id) ON DELETE CASCADE
  );
  CREATE INDEX ix_warninglist_entries_pattern ON warninglist_entries (pattern) WHERE network IS NULL;
  CREATE INDEX ix_warninglist_entries_network ON warninglist_entries USING spgist (network inet_ops) WHERE network IS NOT NULL;

  CREATE TABLE exclusion_rules (
    id varchar(32) NOT NULL,
    kind varchar(16) NOT NULL,
    pattern text NOT NULL,
    network cidr,
    ioc_type varchar(32),
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by varchar(32),
    CONSTRAINT exclusion_rules_pkey PRIMARY KEY (id)
  );

  CREATE TABLE ioc_list_matches (
    ioc_type varchar(32) NOT NULL,
    value text NOT NULL,
    list_id integer NOT NULL,
    prefix smallint,
    CONSTRAINT ioc_list_matches_pkey PRIMARY KEY (ioc_type, value, list_id),
    CONSTRAINT ioc_list_matches_value_fkey FOREIGN KEY (ioc_type, value) REFERENCES ioc_shared_values (ioc_type, value) ON DELETE CASCADE,
    CONSTRAINT ioc_list_matches_list_id_fkey FOREIGN KEY (list_id) REFERENCES warninglists (id) ON DELETE CASCADE
  );
  CREATE INDEX ix_ioc_list_matches_list ON ioc_list_matches (list_id);

  CREATE TABLE ioc_rule_matches (
    ioc_type varchar(32) NOT NULL,
    value text NOT NULL,
    rule_id varchar(32) NOT NULL,
    CONSTRAINT ioc_rule_matches_pkey PRIMARY KEY (ioc_type, value, rule_id),
    CONSTRAINT ioc_rule_matches_value_fkey FOREIGN KEY (ioc_type, value) REFERENCES ioc_shared_values (ioc_type, value) ON DELETE CASCADE,
    CONSTRAINT ioc_rule_matches_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES exclusion_rules (id) ON DELETE CASCADE
  );
  CREATE INDEX ix_ioc_rule_matches_rule ON ioc_rule_matches (rule_id);

  CREATE TABLE ioc_dispositions (
    id varchar(32) NOT NULL,
    ioc_type varchar(32) NOT NULL,
    value text NOT NULL,
    hunt_id varchar(32),
    disposition varchar(16) NOT NULL,
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by varchar(32),
    CONSTRAINT ioc_dispositions_pkey PRIMARY KEY (id),
    CONSTRAINT ioc_dispositions_hunt_id_fkey FOREIGN KEY (hunt_id) REFERENCES hunts (id) ON DELETE CASCADE
  );
  CREATE UNIQUE INDEX ux_ioc_dispositions ON ioc_dispositions (ioc_type, value, coalesce(hunt_id, ''));

  CREATE TABLE huntgraph_reindex_required (
    dataset_id varchar(32) NOT NULL,
    reason text NOT NULL,
    CONSTRAINT huntgraph_reindex_required_pkey PRIMARY KEY (dataset_id),
    CONSTRAINT huntgraph_reindex_required_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES datasets (id) ON DELETE CASCADE
  );
`;

/**
 * The canonical forms of canonicalIocValue(), complete (see canonical-value.ts), but for IDN, which SQL
 * leaves in Unicode: IPv6 compressed through inet, ::ffff:a.b.c.d as a.b.c.d, domains without a trailing
 * dot, URL hosts as domains or addresses, the scheme's default port dropped. The expression index on
 * enrichment_results is rebuilt with it.
 */
const CANONICAL = [
  `CREATE FUNCTION huntgraph_canonical_ipv4(v text) RETURNS text
   LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
   DECLARE
     parts text[];
   BEGIN
     IF v !~ '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$' THEN RETURN NULL; END IF;
     parts := string_to_array(v, '.');
     IF parts[1]::int > 255 OR parts[2]::int > 255 OR parts[3]::int > 255 OR parts[4]::int > 255 THEN RETURN NULL; END IF;
     RETURN parts[1]::int || '.' || parts[2]::int || '.' || parts[3]::int || '.' || parts[4]::int;
   END
   $fn$`,
  `CREATE FUNCTION huntgraph_canonical_ipv6(v text) RETURNS text
   LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $fn$
   DECLARE
     a inet;
     t text;
   BEGIN
     IF v ~* '^::ffff:[0-9]{1,3}(\\.[0-9]{1,3}){3}$' THEN RETURN coalesce(huntgraph_canonical_ipv4(substring(v FROM 8)), lower(v)); END IF;
     IF v ~ '[%.]' OR v !~ '^[0-9a-fA-F:]+$' THEN RETURN lower(v); END IF;
     BEGIN
       a := v::inet;
     EXCEPTION WHEN others THEN
       RETURN lower(v);
     END;
     t := host(a);
     IF t ~ '^::ffff:[0-9.]+$' THEN RETURN substring(t FROM 8); END IF;
     RETURN t;
   END
   $fn$`,
  `CREATE FUNCTION huntgraph_canonical_domain(v text) RETURNS text
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT lower(regexp_replace(v, '\\.$', '')) $fn$`,
  // The helpers are found through the search_path of the migration: REINDEX and other maintenance run
  // index expressions with a search_path of pg_catalog only.
  `CREATE OR REPLACE FUNCTION huntgraph_canonical_ioc(ioc_type text, raw text) RETURNS text
   LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $fn$
   DECLARE
     v text := btrim(raw, E' \\t\\r\\n\\f\\x0B');
     parts text[];
     scheme text;
     hostport text[];
     host text;
     port text;
     default_port text;
   BEGIN
     IF v IS NULL OR v = '' THEN RETURN NULL; END IF;
     IF ioc_type IN ('hash_md5', 'hash_sha1', 'hash_sha256') THEN RETURN lower(v); END IF;
     IF ioc_type = 'hostname' THEN RETURN upper(v); END IF;
     IF ioc_type NOT IN ('ip', 'domain', 'url') THEN RETURN v; END IF;
     -- refang: [.] (.) [dot] → .   [:] → :   hxxp(s):// → http(s)://
     v := regexp_replace(v, '\\[\\.\\]|\\(\\.\\)|\\[[dD][oO][tT]\\]', '.', 'g');
     v := replace(v, '[:]', ':');
     v := regexp_replace(v, '^[hH][xX][xX][pP]([sS]?)://', 'http\\1://');
     IF ioc_type = 'domain' THEN RETURN huntgraph_canonical_domain(v); END IF;
     IF ioc_type = 'ip' THEN
       IF v ~ ':' THEN RETURN huntgraph_canonical_ipv6(v); END IF;
       RETURN coalesce(huntgraph_canonical_ipv4(v), lower(v));
     END IF;
     -- url: scheme://, user@, host[:port], the rest as written
     parts := regexp_match(v, '^([a-zA-Z][a-zA-Z0-9+.-]*://)?([^/?#@]*@)?([^/?#]*)(.*)$');
     scheme := lower(coalesce(parts[1], ''));
     hostport := regexp_match(parts[3], '^(\\[[^]]*\\]|[^:]*)(?::([0-9]*))?$');
     IF hostport IS NULL THEN
       host := parts[3];
     ELSE
       host := hostport[1];
       port := hostport[2];
     END IF;
     IF host LIKE '[%' THEN
       host := '[' || huntgraph_canonical_ipv6(substr(host, 2, length(host) - 2)) || ']';
     ELSE
       host := huntgraph_canonical_domain(host);
     END IF;
     default_port := CASE scheme WHEN 'http://' THEN '80' WHEN 'https://' THEN '443' WHEN 'ftp://' THEN '21'
                                 WHEN 'ws://' THEN '80' WHEN 'wss://' THEN '443' END;
     IF port = default_port THEN
       port := NULL;
     END IF;
     RETURN scheme || coalesce(parts[2], '') || host || coalesce(':' || port, '') || parts[4];
   END
   $fn$`,
  `REINDEX INDEX ix_enrichment_results_ioc_key`,
];

/** The host of a domain or URL value (canonical forms: lower-case already), for hostname patterns. */
const HOST_OF = `
  CREATE FUNCTION huntgraph_host_of(ioc_type text, value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE ioc_type
      WHEN 'domain' THEN value
      WHEN 'url' THEN nullif(substring(value FROM '^(?:[a-z][a-z0-9+.-]*://)?(?:[^/?#@]*@)?([^/?#:\\[\\]]*)'), '')
    END
  $fn$`;

/** An ip value as inet, or null when it is not an address PostgreSQL reads. */
const ADDRESS_OF = `
  CREATE FUNCTION huntgraph_address_of(ioc_type text, value text) RETURNS inet
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
  BEGIN
    IF ioc_type <> 'ip' OR value !~ '^[0-9a-f.:]+$' THEN RETURN NULL; END IF;
    RETURN value::inet;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END
  $fn$`;

/**
 * Recomputes, from the index, the aggregates of the values (types[i], vals[i]): those indexed in two or more
 * hunts are inserted or updated, the others removed. A value's list matches are kept while it stays shared.
 */
const REFRESH = `
  CREATE FUNCTION huntgraph_refresh_shared_values(types text[], vals text[]) RETURNS void
  LANGUAGE plpgsql AS $fn$
  BEGIN
    -- the lock imports take to record shared values (occurrence.sql): one refresh at a time
    PERFORM pg_advisory_xact_lock(4242001);
    CREATE TEMP TABLE IF NOT EXISTS huntgraph_refresh_keys (ioc_type text, value text) ON COMMIT DROP;
    TRUNCATE huntgraph_refresh_keys;
    INSERT INTO huntgraph_refresh_keys SELECT DISTINCT t, v FROM unnest(types, vals) AS k(t, v);
    ANALYZE huntgraph_refresh_keys;
    DELETE FROM ioc_value_hunts h USING huntgraph_refresh_keys k WHERE h.ioc_type = k.ioc_type AND h.value = k.value;
    DELETE FROM ioc_shared_values s USING huntgraph_refresh_keys k
    WHERE s.ioc_type = k.ioc_type AND s.value = k.value
      AND (SELECT count(DISTINCT o.hunt_id) FROM ioc_occurrences o WHERE o.value = k.value AND o.ioc_type = k.ioc_type) < 2;
    INSERT INTO ioc_shared_values AS s (ioc_type, value, hunt_ids, appearances, last_seen, datasets, hosts,
                                        all_hunt_ids, all_appearances, all_last_seen, all_datasets, address, host)
    SELECT o.ioc_type, o.value,
           coalesce(array_agg(DISTINCT o.hunt_id ORDER BY o.hunt_id) FILTER (WHERE o.from_ioc_column AND o.hunt_id IS NOT NULL), '{}'),
           coalesce(sum(o.occurrences) FILTER (WHERE o.from_ioc_column), 0),
           max(o.last_seen) FILTER (WHERE o.from_ioc_column),
           count(DISTINCT o.dataset_id) FILTER (WHERE o.from_ioc_column),
           nullif((SELECT count(DISTINCT h) FROM ioc_occurrences p CROSS JOIN LATERAL unnest(p.hosts) AS h
                   WHERE p.value = o.value AND p.ioc_type = o.ioc_type AND p.from_ioc_column), 0),
           array_agg(DISTINCT o.hunt_id ORDER BY o.hunt_id) FILTER (WHERE o.hunt_id IS NOT NULL),
           sum(o.occurrences), max(o.last_seen), count(DISTINCT o.dataset_id),
           huntgraph_address_of(o.ioc_type, o.value), huntgraph_host_of(o.ioc_type, o.value)
    FROM huntgraph_refresh_keys k JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type
    GROUP BY o.ioc_type, o.value
    HAVING count(DISTINCT o.hunt_id) >= 2
    ON CONFLICT (ioc_type, value) DO UPDATE SET
      hunt_ids = excluded.hunt_ids, appearances = excluded.appearances, last_seen = excluded.last_seen,
      datasets = excluded.datasets, hosts = excluded.hosts, all_hunt_ids = excluded.all_hunt_ids,
      all_appearances = excluded.all_appearances, all_last_seen = excluded.all_last_seen, all_datasets = excluded.all_datasets;
    INSERT INTO ioc_value_hunts (ioc_type, value, hunt_id, ioc_column, appearances, last_seen)
    SELECT o.ioc_type, o.value, o.hunt_id, o.from_ioc_column, sum(o.occurrences), max(o.last_seen)
    FROM huntgraph_refresh_keys k
    JOIN ioc_shared_values s ON s.ioc_type = k.ioc_type AND s.value = k.value
    JOIN ioc_occurrences o ON o.value = k.value AND o.ioc_type = k.ioc_type
    WHERE o.hunt_id IS NOT NULL
    GROUP BY o.ioc_type, o.value, o.hunt_id, o.from_ioc_column;
  END
  $fn$`;

/** Deleted entries (a dataset deleted, or reindexed) refresh the shared values they were part of. */
const ON_DELETE = `
  CREATE FUNCTION huntgraph_refresh_after_delete() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM huntgraph_refresh_shared_values(array_agg(s.ioc_type), array_agg(s.value))
    FROM (SELECT DISTINCT g.ioc_type, g.value FROM gone g) AS g
    JOIN ioc_shared_values s ON s.ioc_type = g.ioc_type AND s.value = g.value
    HAVING count(*) > 0;
    RETURN NULL;
  END
  $fn$`;

const TRIGGER = `
  CREATE TRIGGER tr_ioc_occurrences_refresh AFTER DELETE ON ioc_occurrences
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION huntgraph_refresh_after_delete()`;

/** The statements of a script without function bodies, one by one (the embedded database takes one at a time). */
function statements(script: string): string[] {
  return script
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export class Relevance1764400000005 implements MigrationInterface {
  name = "Relevance1764400000005";

  async up(db: QueryRunner): Promise<void> {
    for (const statement of statements(TABLES)) await db.query(statement);
    for (const statement of CANONICAL) await db.query(statement);
    await db.query(HOST_OF);
    await db.query(ADDRESS_OF);
    await db.query(REFRESH);
    await db.query(ON_DELETE);
    await db.query(TRIGGER);
    await db.query(`
      SELECT huntgraph_refresh_shared_values(array_agg(ioc_type), array_agg(value))
      FROM (SELECT ioc_type, value FROM ioc_occurrences GROUP BY ioc_type, value HAVING count(DISTINCT hunt_id) >= 2) AS shared`);
    // Entries written before this migration have no hosts and the old canonical forms: only reading the
    // rows again gives them (the server names this at start; `huntgraph reindex` clears it).
    await db.query(`
      INSERT INTO huntgraph_reindex_required (dataset_id, reason)
      SELECT DISTINCT dataset_id, 'indexed before host prevalence and the complete canonical forms (migration 1764400000005)'
      FROM ioc_occurrences o WHERE EXISTS (SELECT 1 FROM datasets d WHERE d.id = o.dataset_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    const undo = `
      DROP TRIGGER tr_ioc_occurrences_refresh ON ioc_occurrences;
      DROP FUNCTION huntgraph_refresh_after_delete();
      DROP FUNCTION huntgraph_refresh_shared_values(text[], text[]);
      DROP FUNCTION huntgraph_address_of(text, text);
      DROP FUNCTION huntgraph_host_of(text, text);
      DROP TABLE huntgraph_reindex_required, ioc_dispositions, ioc_rule_matches, ioc_list_matches, exclusion_rules, warninglist_entries, warninglists, ioc_value_hunts;
      ALTER TABLE ioc_shared_values DROP COLUMN hunt_ids, DROP COLUMN appearances, DROP COLUMN last_seen, DROP COLUMN datasets,
        DROP COLUMN hosts, DROP COLUMN all_hunt_ids, DROP COLUMN all_appearances, DROP COLUMN all_last_seen,
        DROP COLUMN all_datasets, DROP COLUMN address, DROP COLUMN host, DROP COLUMN matched;
      DROP INDEX ix_ioc_occurrences_hostnames;
      ALTER TABLE ioc_occurrences DROP COLUMN hosts;`;
    for (const statement of statements(undo)) await db.query(statement);
    await db.query(CANONICAL_IOC);
    await db.query(`DROP FUNCTION huntgraph_canonical_domain(text)`);
    await db.query(`DROP FUNCTION huntgraph_canonical_ipv6(text)`);
    await db.query(`DROP FUNCTION huntgraph_canonical_ipv4(text)`);
    await db.query(`REINDEX INDEX ix_enrichment_results_ioc_key`);
    await db.query(`
      INSERT INTO ioc_shared_values (ioc_type, value)
      SELECT ioc_type, value FROM ioc_occurrences GROUP BY ioc_type, value HAVING count(DISTINCT hunt_id) >= 2`);
  }
}
