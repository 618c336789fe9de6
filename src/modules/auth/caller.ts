// Who is asking: the server's open mode (no JWT_SECRET, loopback only), a signed-in user, an API token,
// or nobody; and what they may do.
import { GraphQLError } from "graphql";
import { ErrorCode } from "../../shared/errors";
import { includes, type Need, type Role } from "./role";

export type Caller =
  /** Authentication is off: whoever reaches the loopback address is trusted as an admin. */
  | { kind: "open"; role: Role; id: null; name: "local"; address?: string }
  | { kind: "user"; role: Role; id: string; name: string; address?: string }
  | { kind: "token"; role: Role; id: string; name: string; address?: string }
  | { kind: "anonymous"; role: null; id: null; name: null; address?: string };

export const openCaller = (address?: string): Caller => ({ kind: "open", role: "admin", id: null, name: "local", address });
export const anonymous = (address?: string): Caller => ({ kind: "anonymous", role: null, id: null, name: null, address });

/** `needs`, on refusals by role, names the role the operation needs. */
export function unauthenticated(message: string, needs?: Need): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, needs } });
}

export function forbidden(message: string, needs?: Need): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, needs } });
}

/** Throws UNAUTHENTICATED or FORBIDDEN, naming the role needed, unless `caller` may do what `what` names. */
export function assertMay(caller: Caller, need: Need, what: string): void {
  if (need === "public") return;
  if (caller.role === null) {
    throw unauthenticated(`${what} needs a signed-in caller with the ${need} role: send "Authorization: Bearer <token>" (see login)`, need);
  }
  if (!includes(caller.role, need)) {
    throw forbidden(`${what} needs the ${need} role; ${caller.name} has the ${caller.role} role`, need);
  }
}

/** Whether the caller sees every hunt, restricted or not. */
export function seesEveryHunt(caller: Caller): boolean {
  return caller.role === "admin";
}

/** Who a change is recorded as made by: a signed-in caller's name; null with authentication off. */
export function recordedBy(caller: Caller): string | null {
  return caller.kind === "user" || caller.kind === "token" ? caller.name : null;
}
