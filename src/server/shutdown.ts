// A clean stop: no new connections, requests in flight finish until the deadline; then their work is
// cancelled (imports roll back), each still unanswered gets a complete 503 SHUTTING_DOWN, and an answer
// still being sent gets a few more seconds before its connection is cut. A response is whole or visibly
// failed, never a short 200 that looks complete.
import { setMaxListeners } from "node:events";
import type { Server } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { GraphQLError } from "graphql";
import { ErrorCode } from "../shared/errors";
import { logger } from "../shared/logger";
import { sendError } from "./http-errors";

/** How long requests in flight may take once a stop begins, by default (within Kubernetes' 30 s grace). */
export const DEFAULT_SHUTDOWN_MS = 25_000;
/** After their work is cancelled, how long requests have to answer, and answers being sent to finish. */
const SETTLE_MS = 3000;

function shuttingDown(): GraphQLError {
  return new GraphQLError("the server is shutting down: this request did not finish in time and nothing of it was stored; send it again", {
    extensions: { code: ErrorCode.SHUTTING_DOWN },
  });
}

const settled = (done: Promise<void>, ms: number) => Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export class Shutdown {
  private readonly inFlight = new Set<Response>();
  private readonly stopping = new AbortController();
  private emptied?: () => void;

  constructor(
    private readonly http: Server,
    private readonly deadlineMs = DEFAULT_SHUTDOWN_MS,
  ) {
    // every request in flight listens to it
    setMaxListeners(0, this.stopping.signal);
  }

  /** Aborted when requests in flight run past the deadline: their work is cancelled. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Express middleware: tracks each request until its answer is sent or its connection closes. */
  readonly track = (_req: Request, res: Response, next: NextFunction): void => {
    this.inFlight.add(res);
    res.once("close", () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.emptied?.();
    });
    next();
  };

  private drained(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => (this.emptied = resolve));
  }

  /** Stops accepting, and resolves once every request in flight has been answered or cut. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    // keep-alive connections close after their current answer
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
    await settled(this.drained(), this.deadlineMs);
    if (this.inFlight.size > 0) {
      logger.warn(
        { requests: this.inFlight.size, deadlineMs: this.deadlineMs },
        "requests still running at the shutdown deadline: cancelling them",
      );
      this.stopping.abort(shuttingDown());
      await settled(this.drained(), SETTLE_MS);
      for (const res of this.inFlight) {
        if (!res.headersSent) {
          res.set("Connection", "close").set("Retry-After", "5");
          sendError(res, shuttingDown());
        }
      }
      await settled(this.drained(), SETTLE_MS);
      // answers still being written after all that: cut, so the client sees the failure
      for (const res of this.inFlight) res.destroy();
    }
    this.http.closeAllConnections();
    await closed;
  }
}
