// What ranking by score needs of each shared value, kept on the value so that a first page does not
// score every shared value (see SCORE_PAGE_OF_EVERY_HUNT in modules/occurrence/every-hunt.sql.ts):
// - internal: whether the value is an address in private space (never noise), which was tested against
//   five blocks for every shared value of every page;
// - hunt_count: how many hunts' IOC columns hold it (the length of hunt_ids, which was counted again for
//   every shared value of every query that asks for values in two or more hunts);
// - rank_key: the part of the score that depends on the value alone (its prevalence and type), so that
//   values can be read in score order from an index. The score of a value is the database's totals plus
//   its rank_key, to rounding, whenever nothing else (a verdict, a disposition, a list, a rule) moves it.
// A row trigger keeps all three, whoever writes the shared values. RANK_KEY repeats the prevalence and
// type signals of SIGNALS (modules/occurrence/groups.sql.ts) as they are now: a change to those needs a
// migration that changes this.
import type { MigrationInterface, QueryRunner } from "typeorm";

/** Private address space (RFC 1918, RFC 6598 shared space, IPv6 unique local). */
const INTERNAL_NETWORKS = `'{10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7}'::cidr[]`;

/**
 * The score's signals less their totals: hunt rarity 4 ln((hunts + 1) / h) is 4 ln(hunts + 1) - 4 ln(h),
 * and so on (the formulas are ScoreSignal's). Guarded against a logarithm of zero, for values that no
 * IOC column holds (never ranked).
 */
const RANK_KEY = `
  - 4 * ln(greatest(cardinality(NEW.hunt_ids), 1)::float8)
  - ln(greatest(NEW.datasets, 1)::float8)
  - coalesce(ln(greatest(NEW.hosts, 1)::float8), 0)
  + ln(greatest(cardinality(NEW.hunt_ids), 1)::float8)
  + CASE WHEN NEW.ioc_type LIKE 'hash_%' THEN 2 WHEN NEW.ioc_type = 'url' THEN 1.5 WHEN NEW.ioc_type = 'domain' THEN 1 ELSE 0 END`;

const KEEP_RANK_KEYS = `
  CREATE FUNCTION huntgraph_keep_rank_keys() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
  BEGIN
    NEW.internal := coalesce(NEW.address <<= ANY(${INTERNAL_NETWORKS}), false);
    NEW.hunt_count := cardinality(NEW.hunt_ids);
    NEW.rank_key := ${RANK_KEY};
    RETURN NEW;
  END
  $fn$`;

export class RankKeys1764400000013 implements MigrationInterface {
  name = "RankKeys1764400000013";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ioc_shared_values
        ADD COLUMN internal boolean NOT NULL DEFAULT false,
        ADD COLUMN hunt_count integer NOT NULL DEFAULT 0,
        ADD COLUMN rank_key double precision NOT NULL DEFAULT 0`);
    await db.query(KEEP_RANK_KEYS);
    await db.query(`
      CREATE TRIGGER tr_ioc_shared_values_rank_keys BEFORE INSERT OR UPDATE OF hunt_ids, datasets, hosts, address ON ioc_shared_values
      FOR EACH ROW EXECUTE FUNCTION huntgraph_keep_rank_keys()`);
    // in key order, and values of equal prevalence and type by value; values with and without hosts apart
    // (the totals set them apart in score)
    await db.query(`
      CREATE INDEX ix_ioc_shared_values_rank_hosts ON ioc_shared_values
        (rank_key, hunt_count, datasets, hosts, ioc_type, value COLLATE "C") WHERE hosts IS NOT NULL`);
    await db.query(`
      CREATE INDEX ix_ioc_shared_values_rank_no_hosts ON ioc_shared_values
        (rank_key, hunt_count, datasets, ioc_type, value COLLATE "C") WHERE hosts IS NULL`);
    await db.query(`CREATE INDEX ix_ioc_shared_values_hosts ON ioc_shared_values (hosts)`);
    // the values recorded before (last: the update leaves trigger events that CREATE INDEX refuses)
    await db.query(`UPDATE ioc_shared_values SET hosts = hosts`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER tr_ioc_shared_values_rank_keys ON ioc_shared_values`);
    await db.query(`DROP FUNCTION huntgraph_keep_rank_keys()`);
    // the indexes go with the columns
    await db.query(`ALTER TABLE ioc_shared_values DROP COLUMN internal, DROP COLUMN hunt_count, DROP COLUMN rank_key`);
    await db.query(`DROP INDEX ix_ioc_shared_values_hosts`);
  }
}
