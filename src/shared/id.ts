// Ids are ThreatHunt's: 32 lowercase hex characters (a uuid4 without dashes).
import { randomUUID } from "node:crypto";

export const ID_PATTERN = /^[0-9a-f]{32}$/;

export function newId(): string {
  return randomUUID().replace(/-/g, "");
}
