// What each HTTP route needs, declared where the route is: `requires(need)` comes first in every route's
// handlers (a test walks the routes and fails on one without it). It authenticates the request and
// leaves its caller in the request's report (its log line).
import type { Request, RequestHandler, Response } from "express";
import type { AuthService } from "../modules/auth/auth.service";
import { assertMay, type Caller } from "../modules/auth/caller";
import type { Need } from "../modules/auth/role";
import { sendError } from "./http-errors";
import { reportOf } from "./request-log";

export type GuardedHandler = RequestHandler & { access: Need };

/** The client's address as the socket gives it (no proxy header is trusted). */
export function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? "unknown";
}

export function requires(auth: AuthService, need: Need): GuardedHandler {
  const guard: RequestHandler = async (req, res, next) => {
    if (need === "public") return next();
    try {
      const caller = await auth.authenticate(req.headers.authorization, clientAddress(req));
      assertMay(caller, need, `${req.method} ${req.route?.path ?? req.path}`);
      reportOf(res).caller = caller;
      next();
    } catch (error) {
      sendError(res, error);
    }
  };
  return Object.assign(guard, { access: need });
}

/** The caller `requires` authenticated. */
export function callerOf(res: Response): Caller {
  return reportOf(res).caller as Caller;
}
