// Cross-hunt links as events: each row is an indicator that an import or reindex made shared by a hunt
// that did not share it before (the hunt it joined, the dataset, every hunt sharing it then). Written in
// the import's transaction, so an event exists exactly when its data does; the id orders them, and a
// client that reconnects resumes after the last id it saw. The webhook's cursor is the last id it
// delivered.
import type { MigrationInterface, QueryRunner } from "typeorm";

export class LinkEvents1764400000012 implements MigrationInterface {
  name = "LinkEvents1764400000012";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ioc_link_events (
        id bigserial,
        created_at timestamptz NOT NULL DEFAULT now(),
        ioc_type varchar(32) NOT NULL,
        value text NOT NULL,
        hunt_id varchar(32) NOT NULL,
        dataset_id varchar(32),
        hunt_ids varchar(32)[] NOT NULL,
        CONSTRAINT ioc_link_events_pkey PRIMARY KEY (id)
      )`);
    await db.query(`
      CREATE TABLE webhook_cursor (
        id integer NOT NULL,
        last_event_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_cursor_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_cursor_one_row CHECK (id = 1)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_cursor`);
    await db.query(`DROP TABLE ioc_link_events`);
  }
}
