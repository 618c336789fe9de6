// The audit trail: every mutation, import, sign-in and API token use, with who, when, what and from where,
// written to audit_events (admins query it) and to the structured log. Writing an entry never fails or
// slows the request it records: a write that fails is logged as an error (in an outage, the log line is
// the entry's only record).
import type { DataSource } from "typeorm";
import { isUnavailable, reportUnavailable } from "../../database/availability";
import { logger } from "../../shared/logger";
import type { Page } from "../../shared/page";
import { type AuditEvent, type AuditEventRow, toAuditEvent } from "./audit-event.type";

/** Who did it: a request's caller, or an operator's command (kind `cli`). */
export interface Actor {
  kind: string;
  id: string | null;
  name: string | null;
  address?: string;
}

export interface AuditEntry {
  action: string;
  target?: string | null;
  outcome: "ok" | "refused" | "failed";
  errorCode?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  since?: Date;
}

/** The entries an AuditFilter ($1 actor, $2 action, $3 since) selects. */
const MATCHING = `WHERE ($1::text IS NULL OR actor_name = $1) AND ($2::text IS NULL OR action = $2) AND ($3::timestamptz IS NULL OR at >= $3)`;

const SECRET_NAME = /password|secret|token/i;
const LONGEST_VALUE = 500;

/** Arguments as the trail keeps them: secrets replaced, long strings cut. */
function redacted(value: unknown, name = ""): unknown {
  if (SECRET_NAME.test(name) && value !== null && value !== undefined) return "[redacted]";
  // an import's file content: its size is what the trail needs
  if (name === "content" && typeof value === "string") return `[${value.length} characters]`;
  if (typeof value === "string") return value.length > LONGEST_VALUE ? `${value.slice(0, LONGEST_VALUE)}…` : value;
  if (Array.isArray(value)) return value.map((item) => redacted(item));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redacted(item, key)]));
  }
  return value;
}

const filterParams = (filter: AuditFilter) => [filter.actor ?? null, filter.action ?? null, filter.since ?? null];

export class AuditLog {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly db: DataSource) {}

  /** Records an entry in the background. */
  record(actor: Actor, entry: AuditEntry): void {
    const row = {
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      action: entry.action,
      target: entry.target ?? null,
      outcome: entry.outcome,
      error_code: entry.errorCode ?? null,
      address: actor.address ?? null,
      details: entry.details ? redacted(entry.details) : null,
    };
    logger.info({ audit: row }, `audit: ${row.action} by ${row.actor_name ?? row.actor_kind}: ${row.outcome}`);
    const write = this.db
      .query(
        `INSERT INTO audit_events (actor_kind, actor_id, actor_name, action, target, outcome, error_code, address, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.actor_kind, row.actor_id, row.actor_name, row.action, row.target, row.outcome, row.error_code, row.address, row.details],
      )
      .then(
        () => undefined,
        (error) => {
          // in an outage the entry is in the log line above; the outage itself is logged once
          if (isUnavailable(error)) reportUnavailable(error);
          else logger.error({ err: error, audit: row }, "could not write an audit entry");
        },
      );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Waits for the entries recorded so far to be written (before shutdown, and in tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Newest first, a page at a time (one more than the page). */
  async list(filter: AuditFilter, page: Page): Promise<AuditEvent[]> {
    await this.flush();
    const rows: AuditEventRow[] = await this.db.query(
      `SELECT id::text, at, actor_kind, actor_name, actor_id, action, target, outcome, error_code, address, details
       FROM audit_events ${MATCHING}
       ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5`,
      [...filterParams(filter), page.limit + 1, page.offset],
    );
    return rows.map(toAuditEvent);
  }

  async count(filter: AuditFilter): Promise<number> {
    await this.flush();
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM audit_events ${MATCHING}`, filterParams(filter));
    return count;
  }
}
