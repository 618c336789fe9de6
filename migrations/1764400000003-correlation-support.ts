// What correlation needs beyond the occurrence index:
// - huntgraph_canonical_ioc(): the canonical form of an indicator, the SQL twin of canonicalIocValue()
//   (a test runs both on the same examples), so that enrichment results written by either tool match
//   indexed values through an expression index;
// - ioc_shared_values: the values indexed in two or more hunts, kept at ingest, so that correlation
//   groups only candidates instead of the whole index.
import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The first huntgraph_canonical_ioc(), which migration 1764400000005 replaces (and restores on its way down).
 * Blanks trimmed: space, tab, CR, LF, form feed and vertical tab, written \x0B because before PostgreSQL 18
 * the escape \v in E'' is a plain "v" (which would be trimmed off "evil.dev").
 */
export const CANONICAL_IOC = `
      CREATE OR REPLACE FUNCTION huntgraph_canonical_ioc(ioc_type text, raw text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      DECLARE
        v text := btrim(raw, E' \\t\\r\\n\\f\\x0B');
        parts text[];
      BEGIN
        IF v IS NULL OR v = '' THEN RETURN NULL; END IF;
        IF ioc_type IN ('hash_md5', 'hash_sha1', 'hash_sha256') THEN RETURN lower(v); END IF;
        IF ioc_type = 'hostname' THEN RETURN upper(v); END IF;
        IF ioc_type NOT IN ('ip', 'domain', 'url') THEN RETURN v; END IF;
        -- refang: [.] (.) [dot] → .   [:] → :   hxxp(s):// → http(s)://
        v := regexp_replace(v, '\\[\\.\\]|\\(\\.\\)|\\[[dD][oO][tT]\\]', '.', 'g');
        v := replace(v, '[:]', ':');
        v := regexp_replace(v, '^[hH][xX][xX][pP]([sS]?)://', 'http\\1://');
        IF ioc_type = 'domain' THEN RETURN lower(v); END IF;
        IF ioc_type = 'ip' THEN
          IF v ~ '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$' THEN
            parts := string_to_array(v, '.');
            IF parts[1]::int <= 255 AND parts[2]::int <= 255 AND parts[3]::int <= 255 AND parts[4]::int <= 255 THEN
              RETURN parts[1]::int || '.' || parts[2]::int || '.' || parts[3]::int || '.' || parts[4]::int;
            END IF;
          END IF;
          RETURN lower(v);
        END IF;
        -- url: scheme and host lower-cased; user, path, query and fragment kept as they are
        parts := regexp_match(v, '^([a-zA-Z][a-zA-Z0-9+.-]*://)?([^/?#@]*@)?([^/?#]*)(.*)$');
        RETURN lower(coalesce(parts[1], '')) || coalesce(parts[2], '') || lower(parts[3]) || parts[4];
      END
      $fn$`;

export class CorrelationSupport1764400000003 implements MigrationInterface {
  name = "CorrelationSupport1764400000003";

  async up(db: QueryRunner): Promise<void> {
    await db.query(CANONICAL_IOC);
    await db.query(`
      CREATE INDEX ix_enrichment_results_ioc_key ON enrichment_results (huntgraph_canonical_ioc(ioc_type, ioc_value), ioc_type)`);
    await db.query(`
      CREATE TABLE ioc_shared_values (
        ioc_type varchar(32) NOT NULL,
        value text NOT NULL,
        CONSTRAINT ioc_shared_values_pkey PRIMARY KEY (ioc_type, value)
      )`);
    await db.query(`
      INSERT INTO ioc_shared_values (ioc_type, value)
      SELECT ioc_type, value FROM ioc_occurrences
      GROUP BY ioc_type, value HAVING count(DISTINCT hunt_id) >= 2`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE ioc_shared_values`);
    await db.query(`DROP INDEX ix_enrichment_results_ioc_key`);
    await db.query(`DROP FUNCTION huntgraph_canonical_ioc(text, text)`);
  }
}
