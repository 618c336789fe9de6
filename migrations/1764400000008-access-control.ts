// Access control: ThreatHunt's `users` table (kept as ThreatHunt has it when it is already there), API
// tokens for services, hunts restricted to their owner and members, and the audit trail.
// ThreatHunt writes users' timestamps from Python; a server-side default lets huntgraph (and any other
// writer) insert a user without naming them.
import type { MigrationInterface, QueryRunner } from "typeorm";

const USERS = `
  CREATE TABLE users (
    id varchar(32) NOT NULL,
    username varchar(64) NOT NULL,
    email varchar(256),
    hashed_password varchar(256) NOT NULL,
    role varchar(16) NOT NULL DEFAULT 'viewer',
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id)
  )`;

/** Defaults for the timestamps of a `users` table ThreatHunt made, where it has them. */
const USER_DEFAULTS = `
  DO $do$
  DECLARE
    col text;
  BEGIN
    FOREACH col IN ARRAY ARRAY['created_at', 'updated_at'] LOOP
      IF EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = col) THEN
        EXECUTE format('ALTER TABLE users ALTER COLUMN %I SET DEFAULT now()', col);
      END IF;
    END LOOP;
  END
  $do$`;

export class AccessControl1764400000008 implements MigrationInterface {
  name = "AccessControl1764400000008";

  async up(db: QueryRunner): Promise<void> {
    // listed like the baseline's tables: down() drops it only if huntgraph made it
    const [{ exists }] = await db.query(`SELECT to_regclass('users') IS NOT NULL AS exists`);
    if (!exists) {
      await db.query(USERS);
      await db.query(`CREATE TABLE IF NOT EXISTS huntgraph_created_tables (table_name text NOT NULL PRIMARY KEY)`);
      await db.query(`INSERT INTO huntgraph_created_tables (table_name) VALUES ('users') ON CONFLICT DO NOTHING`);
    }
    await db.query(USER_DEFAULTS);
    await db.query(`CREATE UNIQUE INDEX IF NOT EXISTS ix_users_username_unique ON users (username)`);
    await db.query(`
      CREATE TABLE api_tokens (
        id varchar(32) NOT NULL,
        name varchar(128) NOT NULL,
        token_hash char(64) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        created_by varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_tokens_pkey PRIMARY KEY (id),
        CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
      )`);
    // a name is reused only once its token is revoked
    await db.query(`CREATE UNIQUE INDEX ix_api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL`);
    await db.query(`ALTER TABLE hunts ADD COLUMN restricted boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE hunt_members (
        hunt_id varchar(32) NOT NULL REFERENCES hunts (id) ON DELETE CASCADE,
        user_id varchar(32) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hunt_members_pkey PRIMARY KEY (hunt_id, user_id)
      )`);
    await db.query(`CREATE INDEX ix_hunt_members_user ON hunt_members (user_id)`);
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind varchar(16) NOT NULL,
        actor_id varchar(32),
        actor_name varchar(128),
        action varchar(64) NOT NULL,
        target text,
        outcome varchar(16) NOT NULL,
        error_code varchar(32),
        address varchar(64),
        details jsonb,
        CONSTRAINT audit_events_pkey PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX ix_audit_events_at ON audit_events (at DESC, id DESC)`);
    await db.query(`CREATE INDEX ix_audit_events_actor ON audit_events (actor_name, at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
    await db.query(`DROP TABLE hunt_members`);
    await db.query(`ALTER TABLE hunts DROP COLUMN restricted`);
    await db.query(`DROP TABLE api_tokens`);
    await db.query(`DROP INDEX IF EXISTS ix_users_username_unique`);
    // users goes only if huntgraph made it: ThreatHunt's own stays with every row
    const [{ listed }] = await db.query(`SELECT to_regclass('huntgraph_created_tables') IS NOT NULL AS listed`);
    if (!listed) return;
    const [created] = await db.query(`DELETE FROM huntgraph_created_tables WHERE table_name = 'users' RETURNING table_name`);
    if (created) await db.query(`DROP TABLE users`);
  }
}
