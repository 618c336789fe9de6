// The feed of new cross-hunt links. The database holds them (ioc_link_events, written by imports and
// reindexes); a notification on `huntgraph_links`, sent at their commit by whichever server process ran
// them, wakes every process's readers, which read what follows their last id. A reader that starts from an
// id (a client that reconnects) reads everything after it first: nothing is lost between connections.
import { EventEmitter } from "node:events";
import type { DataSource } from "typeorm";
import type { Notifications } from "../../database/notifications";
import { badInput } from "../../shared/errors";
import { LINKS_CHANNEL } from "../occurrence/occurrence.sql";
import type { LinkRow } from "./link.type";

/** Links read at once. */
const BATCH = 500;
/** A reader looks again this often without a notification (a lost one costs at most this). */
const POLL_MS = 30_000;

const LINKS_AFTER = `
  SELECT id::text AS id, created_at, ioc_type, value, hunt_id, dataset_id, hunt_ids
  FROM ioc_link_events WHERE id > $1::bigint ORDER BY id LIMIT $2`;
const LAST_LINK = `SELECT coalesce(max(id), 0)::text AS id FROM ioc_link_events`;

export class LinkFeed {
  private readonly wakes = new EventEmitter();
  private generation = 0;
  private listening?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly notifications: () => Notifications,
  ) {
    this.wakes.setMaxListeners(0);
  }

  /** Listens for notifications, once per process. */
  start(): Promise<void> {
    return (this.listening ??= this.notifications()
      .listen(LINKS_CHANNEL, () => this.wake())
      .catch((error) => {
        this.listening = undefined;
        throw error;
      }));
  }

  /** Wakes every reader: new links may follow their last id. */
  wake(): void {
    this.generation++;
    this.wakes.emit("wake");
  }

  /** The id of the last link made: a reader that starts here reads only what comes after. */
  async lastId(): Promise<string> {
    const [{ id }] = await this.db.query(LAST_LINK);
    return id;
  }

  /**
   * Every link after `after` (an id, or null for those made from now on), in order, in batches, until
   * `signal` aborts: what the database holds first, then each new link as it is made.
   */
  async *batches(after: string | null, signal: AbortSignal): AsyncGenerator<LinkRow[]> {
    await this.start();
    let cursor = after ?? (await this.lastId());
    while (!signal.aborted) {
      const seen = this.generation;
      const rows: LinkRow[] = await this.db.query(LINKS_AFTER, [cursor, BATCH]);
      if (rows.length > 0) {
        cursor = rows[rows.length - 1].id;
        yield rows;
      } else if (seen === this.generation) {
        await this.nextWake(signal);
      }
    }
  }

  private nextWake(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakes.off("wake", done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      timer.unref();
      this.wakes.once("wake", done);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

/** A link id from a client: digits only. */
export function linkCursor(after: string | null | undefined): string | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,18}$/.test(after)) throw badInput(`after: '${after}' is not the id of a cross-hunt link`, "after");
  return after;
}
