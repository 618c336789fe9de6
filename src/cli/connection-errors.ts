// A database that cannot be reached, told in one line: where the CLI tried to connect, what went wrong,
// and what to check. The password in DATABASE_URL is never shown.
import type { DatabaseConfig } from "../config";
import { isUnavailable } from "../database/availability";
import { sqlState } from "../shared/errors";

interface Target {
  where: string;
  user: string;
  database: string;
}

function targetOf(config: DatabaseConfig): Target | null {
  if (config.kind !== "postgres") return null;
  try {
    const url = new URL(config.url);
    return {
      where: `${url.hostname || "localhost"}:${url.port || "5432"}`,
      user: decodeURIComponent(url.username) || "(default)",
      database: url.pathname.slice(1) || "(default)",
    };
  } catch {
    return { where: "the host in DATABASE_URL", user: "(unknown)", database: "(unknown)" };
  }
}

/** The one-line explanation of a failure to reach PostgreSQL, or null for any other error. */
export function connectionProblem(error: unknown, config: DatabaseConfig): string | null {
  const target = targetOf(config);
  if (!target) return null;
  const code = sqlState(error);
  const at = `PostgreSQL at ${target.where}`;
  switch (code) {
    case "ECONNREFUSED":
      return `cannot connect to ${at}: connection refused. Check that PostgreSQL runs there, and the host and port in DATABASE_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot connect to ${at}: the host name is not known. Check the host in DATABASE_URL`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `cannot connect to ${at}: no answer (${code}). Check the network and firewalls between here and there`;
    case "28P01":
    case "28000":
      return `${at} refused user '${target.user}': check the user and password in DATABASE_URL, and pg_hba.conf`;
    case "3D000":
      return `${at} has no database '${target.database}': create it, or fix the database name in DATABASE_URL`;
    default:
      return isUnavailable(error)
        ? `cannot connect to ${at}: ${(error as Error).message}. Check DATABASE_URL and that PostgreSQL runs`
        : null;
  }
}
