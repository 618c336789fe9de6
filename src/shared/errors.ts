// The errors huntgraph reports, with their codes and HTTP statuses, in one place for every caller: GraphQL
// passes them to the client as they are (graphql/format-error), the upload route answers with their status,
// and the CLI prints their message. They are GraphQLErrors so that a resolver can throw them unchanged.
import { GraphQLError } from "graphql";

export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  /** An operation beyond the server's limits of depth, aliases or estimated cost. */
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  /** A request body over the route's limit. */
  PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE",
  /** A request body in a content type or charset the route does not take. */
  UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE",
  /** The change conflicts with work in progress on the same thing (an import into a hunt being deleted). */
  CONFLICT = "CONFLICT",
  /** An upload that stalled, or was not received whole in time. */
  UPLOAD_TIMED_OUT = "UPLOAD_TIMED_OUT",
  /** A statement ran past the server's statement timeout. */
  QUERY_TIMEOUT = "QUERY_TIMEOUT",
  /** The database cannot be reached right now. */
  DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE",
  /** As many imports as the server runs at once are running: try again later. */
  SERVER_BUSY = "SERVER_BUSY",
  /** No credentials, or credentials that are not valid (expired, revoked, of a disabled user). */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** Valid credentials whose role does not allow the operation. */
  FORBIDDEN = "FORBIDDEN",
  /** The server is stopping: the request did not finish before its deadline, and nothing of it was kept. */
  SHUTTING_DOWN = "SHUTTING_DOWN",
  /** Too many attempts (logins) in a short time: try again later. */
  TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** The HTTP status of each code, for the routes that are not GraphQL. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UPLOAD_TIMED_OUT]: 408,
  [ErrorCode.SERVER_BUSY]: 503,
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.QUERY_TIMEOUT]: 503,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
  [ErrorCode.SHUTTING_DOWN]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** The code of an error huntgraph raised on purpose; undefined for anything unexpected. */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const code = error.extensions.code as ErrorCode | undefined;
  return code !== undefined && code in HTTP_STATUS ? code : undefined;
}

export function notFound(what: string, ids: string | readonly string[], by = "id"): GraphQLError {
  const list = typeof ids === "string" ? [ids] : ids;
  const named = list.map((id) => `'${id}'`).join(", ");
  return new GraphQLError(`No ${what} with ${by} ${named}`, {
    extensions: { code: ErrorCode.NOT_FOUND, ids: list },
  });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

/** The SQLSTATE of a database error (TypeORM wraps the driver's), if it has one. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

export function uploadTimedOut(why: string): GraphQLError {
  return new GraphQLError(`upload timed out: ${why}; nothing was stored`, { extensions: { code: ErrorCode.UPLOAD_TIMED_OUT } });
}

/** Beyond the imports the server runs at once. */
export function serverBusy(): GraphQLError {
  return new GraphQLError("the server is running as many imports as it runs at once; try again in a few seconds", {
    extensions: { code: ErrorCode.SERVER_BUSY },
  });
}

/** Input a person can correct: the message says what is wrong; `field` names the argument when there is one. */
export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}

/** The error every unreadable upload gets: it names the file, the line when known, and the reason. */
export class IngestError extends GraphQLError {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based physical line in the file where the problem starts, when known. */
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, file, line, reason },
    });
    this.name = "IngestError";
  }
}

/** `error` with its message prefixed by where it happened, keeping its code (INTERNAL_SERVER_ERROR when it had none). */
export function withContext(context: string, error: unknown): GraphQLError {
  return new GraphQLError(`${context}: ${(error as Error).message}`, {
    originalError: error as Error,
    extensions: { code: errorCode(error) ?? ErrorCode.INTERNAL_SERVER_ERROR },
  });
}
