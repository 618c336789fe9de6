// The CLI's changes in the audit trail: done straight on the database by the operator, recorded as
// `cli:<os user>`, with their outcome.
import os from "node:os";
import type { DataSource } from "typeorm";
import { type AuditEntry, AuditLog } from "../modules/audit/audit.service";
import { errorCode } from "../shared/errors";

export const cliActorName = () => `cli:${os.userInfo().username}`;

/** Runs `change`, and records `entry` with how it ended. */
export async function audited(dataSource: DataSource, entry: AuditEntry, change: () => Promise<void>): Promise<void> {
  const audit = new AuditLog(dataSource);
  const actor = { kind: "cli", id: null, name: cliActorName() };
  try {
    await change();
    audit.record(actor, entry);
  } catch (error) {
    audit.record(actor, { ...entry, outcome: "failed", errorCode: errorCode(error) ?? null });
    throw error;
  } finally {
    await audit.flush();
  }
}
