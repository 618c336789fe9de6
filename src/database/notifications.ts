// PostgreSQL's LISTEN/NOTIFY, for news that every server process sharing the database must hear (an
// import in one process wakes the subscribers of all). Notifications only wake: what happened is read
// from the database, so one that is lost to a reconnect costs a delay, never an event. On PostgreSQL a
// connection of its own listens, and is opened again after a failure; on PGlite (one process) its own
// listen() serves.
import type { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { logger } from "../shared/logger";

export interface Notifications {
  /** Calls `onNotify` for every notification on `channel`, and once after each reconnect (what was missed). */
  listen(channel: string, onNotify: () => void): Promise<void>;
  /**
   * Whether this process holds the session lock `name` (taken on first call while free, kept while the
   * listening connection lives): one process of many does what must be done once.
   */
  holds(name: string): Promise<boolean>;
  close(): Promise<void>;
}

const RECONNECT_MS = [500, 1000, 2000, 5000, 10_000];

/** On PostgreSQL: one client for every channel of the process, reconnecting with a growing delay. */
export function postgresNotifications(url: string, options: string): Notifications {
  const channels = new Map<string, () => void>();
  const held = new Set<string>();
  let client: Client | null = null;
  let connecting: Promise<Client> | null = null;
  let closed = false;
  let failures = 0;

  const connect = (): Promise<Client> =>
    (connecting ??= (async () => {
      const next = new Client({ connectionString: url, options, connectionTimeoutMillis: 5000 });
      next.on("notification", (message) => channels.get(message.channel)?.());
      next.on("error", (error) => {
        logger.warn({ err: error }, "the connection that listens for notifications failed: opening it again");
        held.clear();
        client = null;
        connecting = null;
        void next.end().catch(() => undefined);
        reconnect();
      });
      await next.connect();
      for (const channel of channels.keys()) await next.query(`LISTEN ${quoteIdentifier(channel)}`);
      failures = 0;
      client = next;
      // what was notified while no connection listened is read now
      for (const onNotify of channels.values()) onNotify();
      return next;
    })().catch((error) => {
      connecting = null;
      throw error;
    }));

  const reconnect = () => {
    if (closed) return;
    const delay = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)];
    setTimeout(() => void connect().catch(() => reconnect()), delay).unref();
  };

  return {
    async listen(channel, onNotify) {
      channels.set(channel, onNotify);
      const listening = client ?? (await connect());
      await listening.query(`LISTEN ${quoteIdentifier(channel)}`);
    },
    async holds(name) {
      if (held.has(name)) return true;
      const listening = client ?? (await connect());
      const [row] = (await listening.query(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':' || $1)) AS got`, [name])).rows;
      if (row.got) held.add(name);
      return row.got === true;
    },
    async close() {
      closed = true;
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}

/** On PGlite: its own listen(); the one process holds every lock. */
export function pgliteNotifications(pglite: PGlite): Notifications {
  const stops: Array<() => Promise<void>> = [];
  return {
    async listen(channel, onNotify) {
      stops.push(await pglite.listen(channel, () => onNotify()));
    },
    holds: async () => true,
    async close() {
      for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
