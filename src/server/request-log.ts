// One structured log line per HTTP request (pino-http): its id (the client's X-Request-Id when it sends a
// sane one, echoed back), method, path, status, duration, the caller, the client's address and, for
// GraphQL, the operation's name and type and its error codes. Never headers, bodies or variables: they
// hold tokens, passwords and indicators. Requests slower than the threshold, and 503s, are logged at
// warn; other 5xx at error.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Response } from "express";
import { pinoHttp } from "pino-http";
import type { Caller } from "../modules/auth/caller";
import { logger } from "../shared/logger";
import type { RequestReport } from "../shared/request-report";

export const DEFAULT_SLOW_REQUEST_MS = 1000;

/** A request id as clients send it: short, printable, no spaces. */
const SANE_ID = /^[\w.:@/+=-]{1,128}$/;

const STARTED = Symbol("started");

/** The report of a request (res.locals.report), made on first use. */
export function reportOf(res: Response | ServerResponse): RequestReport {
  const locals = ((res as Response).locals ??= {} as Response["locals"]);
  return (locals.report ??= {}) as RequestReport;
}

function who(caller: Caller | undefined): string | undefined {
  if (!caller) return undefined;
  return caller.kind === "anonymous" ? "anonymous" : `${caller.kind}:${caller.name}`;
}

export function requestLog(slowMs: number) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      (req as IncomingMessage & { [STARTED]: number })[STARTED] = performance.now();
      const sent = req.headers["x-request-id"];
      const id = typeof sent === "string" && SANE_ID.test(sent) ? sent : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    // the id is bound once, by the request's logger; customProps (called at the start and again at the
    // end, when the report is complete) must not repeat it, or the line carries it twice
    quietReqLogger: true,
    customAttributeKeys: { responseTime: "ms", reqId: "requestId" },
    serializers: {
      req: (req: { method: string; url: string; remoteAddress?: string }) => ({
        method: req.method,
        path: req.url.split("?")[0],
        address: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customProps(_req, res) {
      const { operationName, operationType, errorCodes, caller } = reportOf(res);
      return {
        ...(operationType ? { operation: { name: operationName ?? null, type: operationType } } : {}),
        ...(errorCodes?.length ? { errorCodes } : {}),
        ...(caller ? { caller: who(caller) } : {}),
      };
    },
    customLogLevel(req, res, error) {
      // 503 is an outage, a shutdown or a full import queue: counted and logged once elsewhere, not an error per request
      if (error || (res.statusCode >= 500 && res.statusCode !== 503)) return "error";
      if (res.statusCode === 503) return "warn";
      const started = (req as IncomingMessage & { [STARTED]?: number })[STARTED] ?? performance.now();
      return performance.now() - started > slowMs ? "warn" : "info";
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${req.url?.split("?")[0]} ${res.statusCode} in ${Math.round(ms)} ms`,
    customErrorMessage: (req, res) => `${req.method} ${req.url?.split("?")[0]} ${res.statusCode} failed`,
  });
}
