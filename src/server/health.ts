// The server's view of its database, kept by probing it every second through a connection outside the
// pool: /healthz answers from it at once, whatever load the pool is under, and the probe is what notices
// (and logs) that an outage has ended. /readyz adds whether the schema's migrations are current.
import { reportAvailable, reportUnavailable } from "../database/availability";
import type { Database } from "../database/data-source";

const PROBE_EVERY_MS = 1000;

export class DatabaseHealth {
  private ok = true;
  private probing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly database: Database) {}

  start(): void {
    this.timer = setInterval(() => void this.probe(), PROBE_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Whether the last probe reached the database. */
  get available(): boolean {
    return this.ok;
  }

  private async probe(): Promise<void> {
    // a probe still waiting (PGlite behind a long import, or a slow network) is not doubled
    if (this.probing) return;
    this.probing = true;
    try {
      await this.database.probe();
      this.ok = true;
      reportAvailable();
    } catch (error) {
      this.ok = false;
      reportUnavailable(error);
    } finally {
      this.probing = false;
    }
  }
}

const MIGRATIONS_CHECKED_FOR_MS = 1000;

/**
 * Whether the server is ready for traffic: the database answered the last probe, and its schema is the one
 * this build expects (no migration pending; checked at most once a second).
 */
export class Readiness {
  private checked?: { at: number; pending: Promise<boolean> };

  constructor(
    private readonly database: Database,
    private readonly health: DatabaseHealth,
  ) {}

  async state(): Promise<{ ready: boolean; database: "reachable" | "unreachable"; migrations: "current" | "pending" | "unknown" }> {
    if (!this.health.available) return { ready: false, database: "unreachable", migrations: "unknown" };
    const now = Date.now();
    if (!this.checked || now - this.checked.at > MIGRATIONS_CHECKED_FOR_MS) {
      this.checked = { at: now, pending: this.database.dataSource.showMigrations() };
    }
    try {
      const pending = await this.checked.pending;
      return { ready: !pending, database: "reachable", migrations: pending ? "pending" : "current" };
    } catch {
      this.checked = undefined;
      return { ready: false, database: "unreachable", migrations: "unknown" };
    }
  }
}
