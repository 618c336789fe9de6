// Every HTTP answer that is not GraphQL's own is JSON with a code, in every NODE_ENV: unknown routes,
// bodies Express cannot read (malformed JSON, an unsupported charset, over the size limit), and anything
// unexpected, which is logged and reaches the client without its message, stack or paths.
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { DATABASE_UNAVAILABLE_MESSAGE, isUnavailable, reportUnavailable } from "../database/availability";
import { ErrorCode, errorCode, HTTP_STATUS } from "../shared/errors";
import { logger } from "../shared/logger";
import { reportOf } from "./request-log";

function sendHttpError(res: Response, status: number, code: ErrorCode, message: string): void {
  reportOf(res).errorCodes = [code];
  res.status(status).json({ error: { code, message } });
}

/**
 * Answers `error` as coded JSON: its own code and status when it has one, DATABASE_UNAVAILABLE when the
 * database cannot be reached, else INTERNAL_SERVER_ERROR, logged as `what`.
 */
export function sendError(res: Response, error: unknown, what = "unexpected error while serving an HTTP request"): void {
  const code = errorCode(error);
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    if (code === ErrorCode.UNAUTHENTICATED) res.set("WWW-Authenticate", 'Bearer realm="huntgraph"');
    sendHttpError(res, HTTP_STATUS[code], code, (error as Error).message);
  } else if (isUnavailable(error)) {
    reportUnavailable(error);
    sendHttpError(res, HTTP_STATUS.DATABASE_UNAVAILABLE, ErrorCode.DATABASE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE);
  } else {
    logger.error({ err: error }, what);
    sendHttpError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error; it has been logged");
  }
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendHttpError(res, 404, ErrorCode.NOT_FOUND, `No route ${req.method} ${req.path}: the API is POST /graphql, the IDE /graphiql`);
};

/** body-parser's errors carry a status and a type; the rest are unexpected. */
const BODY_ERRORS: Record<string, [ErrorCode, string]> = {
  "entity.parse.failed": [ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON"],
  "entity.too.large": [ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over the limit of 10 MB"],
  "charset.unsupported": [ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body's charset is not supported: send UTF-8"],
  "encoding.unsupported": [ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body's content encoding is not supported"],
  "request.aborted": [ErrorCode.BAD_USER_INPUT, "The request was aborted before its body was complete"],
};

export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const known = BODY_ERRORS[(error as { type?: string }).type ?? ""];
  if (res.headersSent) {
    // an answer already complete (a shutdown's 503) stays as it is; one cut short is cut off visibly
    if (!res.writableEnded) res.destroy();
  } else if (known) {
    sendHttpError(res, (error as { status?: number }).status ?? 400, known[0], known[1]);
  } else {
    sendError(res, error);
  }
};
