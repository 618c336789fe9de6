// Which database a GraphQL request runs on, when there is a read replica: a query goes to the replica
// while it is current and its caller has no write it has not replayed; a mutation (or anything that is not
// plainly a query) goes to the primary, and marks its caller as having written. `X-Huntgraph-Read:
// primary` sends a query to the primary (a client behind a load balancer that wrote through another
// process). The answer says where it was read: `X-Huntgraph-Read-From: replica` or `primary`.
import type { NextFunction, Request, Response } from "express";
import { getOperationAST, parse } from "graphql";
import type { ReplicaRouter } from "../database/replica";
import type { Caller } from "../modules/auth/caller";
import type { Services } from "../modules/services";
import { reportOf } from "./request-log";

export interface ReadRouting {
  router: ReplicaRouter;
  /** The services of read-only requests, on the replica; null until it has been opened. */
  services(): Services | null;
}

/** Whom a write is remembered for: a user, a token, or this machine's open caller. */
function callerKey(caller: Caller): string {
  return `${caller.kind}:${caller.id ?? caller.name ?? ""}`;
}

/** "query", "mutation" or "subscription" for a GraphQL request's body; null when it cannot tell. */
function operationType(body: unknown): string | null {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string") return null;
  try {
    return getOperationAST(parse(query), typeof operationName === "string" ? operationName : undefined)?.operation ?? null;
  } catch {
    return null;
  }
}

/** The services `req` runs on: the replica's or the primary's. */
export function servicesFor(routing: ReadRouting | undefined, primary: Services, req: Request, res: Response, caller: Caller): Services {
  if (!routing) return primary;
  const key = callerKey(caller);
  if (operationType(req.body) !== "query") {
    res.once("finish", () => routing.router.noteWrite(key));
    res.set("X-Huntgraph-Read-From", "primary");
    return primary;
  }
  const replica = routing.services();
  const fromReplica = replica !== null && req.get("x-huntgraph-read") !== "primary" && routing.router.readsFromReplica(key);
  res.set("X-Huntgraph-Read-From", fromReplica ? "replica" : "primary");
  return fromReplica ? replica : primary;
}

/** For routes that write (uploads): the caller's next reads wait for the replica to replay what it wrote. */
export function notingWrites(routing: ReadRouting) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.once("finish", () => {
      const caller = reportOf(res).caller;
      if (caller) routing.router.noteWrite(callerKey(caller));
    });
    next();
  };
}
