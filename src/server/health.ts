// The server's view of its database, kept by probing it every second through a connection outside the
// pool: /healthz answers from it at once, whatever load the pool is under, and the probe is what notices
// (and logs) that an outage has ended.
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
