// Whether the database can be reached: errors that say it cannot, and one log line when an outage begins
// and one when it ends (a 10 s outage under load wrote 15,005 stack traces before). The health probe
// (server/health.ts) reports the outage's end.
import { sqlState } from "../shared/errors";
import { logger } from "../shared/logger";

/** Node's errors for a connection that cannot be made or was lost. */
const NETWORK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** node-postgres's messages for the same. */
const LOST_CONNECTION =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i;

/** Whether `error` says the database cannot be reached (rather than that a statement failed). */
export function isUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) {
    // 08: connection exceptions; 57P01-57P03: the server shutting down, crashed, or not accepting yet
    if (state.startsWith("08") || ["57P01", "57P02", "57P03"].includes(state)) return true;
    if (NETWORK_ERRORS.has(state)) return true;
  }
  const message = (error as Error)?.message ?? "";
  return LOST_CONNECTION.test(message) || /ECONNREFUSED|ECONNRESET/.test(message);
}

/** What a request that needed the database is told while it cannot be reached. */
export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable; the server retries on its own: try again shortly";

let outageSince: number | null = null;

/** Notes that the database could not be reached; logs only the first time of an outage. */
export function reportUnavailable(error: unknown): void {
  if (outageSince !== null) return;
  outageSince = Date.now();
  logger.error(
    { reason: (error as Error)?.message ?? String(error) },
    "the database is unavailable: requests fail with DATABASE_UNAVAILABLE until it is back",
  );
}

/** Notes that the database answered; logs the end of an outage. */
export function reportAvailable(): void {
  if (outageSince === null) return;
  logger.info({ outageSeconds: Math.round((Date.now() - outageSince) / 100) / 10 }, "the database is available again");
  outageSince = null;
}
