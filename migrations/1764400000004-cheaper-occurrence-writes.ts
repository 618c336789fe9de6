// Cheaper writes to the occurrence index, which an import fills with about one entry per row.
// - The index loses its foreign key to datasets, and a trigger deletes a dataset's entries with it
//   instead. The foreign key checked every entry an import writes (COPY of 266,000 entries: 3.5 s with
//   it, 2.1 s without, on PostgreSQL), while only huntgraph's import and reindex write entries, always
//   for a dataset inserted or read in the same transaction. The trigger keeps what the foreign key's
//   ON DELETE CASCADE gave: deleting a dataset, by huntgraph or by ThreatHunt, deletes its entries.
// - ix_ioc_occurrences_hunt goes: every query reaches entries by value or by dataset, and keeping it
//   cost another 0.3 s of that COPY.
// - from_ioc_column tells the entries of a dataset's IOC columns from those of its host-name columns that
//   are no IOC column, indexed only because ThreatHunt's host analysis reads them: its IOC analysis does
//   not, so IOC overlaps must not count them. Existing entries are marked from the datasets' ioc_columns.
import type { MigrationInterface, QueryRunner } from "typeorm";

export class CheaperOccurrenceWrites1764400000004 implements MigrationInterface {
  name = "CheaperOccurrenceWrites1764400000004";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ioc_occurrences DROP CONSTRAINT ioc_occurrences_dataset_id_fkey`);
    await db.query(`DROP INDEX ix_ioc_occurrences_hunt`);
    await db.query(`
      CREATE FUNCTION huntgraph_delete_dataset_occurrences() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM ioc_occurrences WHERE dataset_id = OLD.id;
        RETURN OLD;
      END
      $fn$`);
    await db.query(`
      CREATE TRIGGER tr_datasets_delete_occurrences AFTER DELETE ON datasets
      FOR EACH ROW EXECUTE FUNCTION huntgraph_delete_dataset_occurrences()`);
    // The default marks existing entries without rewriting the table; only host-only ones are updated.
    await db.query(`ALTER TABLE ioc_occurrences ADD COLUMN from_ioc_column boolean NOT NULL DEFAULT true`);
    await db.query(`
      UPDATE ioc_occurrences o SET from_ioc_column = false
      FROM datasets d
      WHERE d.id = o.dataset_id AND (d.ioc_columns ->> o.column_name) IS DISTINCT FROM o.ioc_type`);
    await db.query(`ALTER TABLE ioc_occurrences ALTER COLUMN from_ioc_column DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ioc_occurrences DROP COLUMN from_ioc_column`);
    await db.query(`DROP TRIGGER tr_datasets_delete_occurrences ON datasets`);
    await db.query(`DROP FUNCTION huntgraph_delete_dataset_occurrences()`);
    await db.query(`DELETE FROM ioc_occurrences o WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = o.dataset_id)`);
    await db.query(`
      ALTER TABLE ioc_occurrences ADD CONSTRAINT ioc_occurrences_dataset_id_fkey
      FOREIGN KEY (dataset_id) REFERENCES datasets (id) ON DELETE CASCADE`);
    await db.query(`CREATE INDEX ix_ioc_occurrences_hunt ON ioc_occurrences (hunt_id)`);
  }
}
