// ThreatHunt's roles, each with every right of the ones before it, and what an operation needs.
import { valuedEnum } from "../../shared/enums";

export const Role = valuedEnum("Role", "What a user or API token may do; each role has every right of the roles before it.", {
  VIEWER: ["viewer", "Reads every hunt it can see."],
  ANALYST: ["analyst", "Also creates and changes hunts and hypotheses, imports, records enrichments, dispositions and exclusion rules."],
  ADMIN: ["admin", "Also deletes, and manages users, API tokens and warninglists; sees every hunt, restricted or not."],
});
export type Role = (typeof Role)[keyof typeof Role];

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && value in RANK;
}

/** Whether `role` has every right of `needed`. */
export function includes(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** What an operation needs: nothing (PUBLIC), or to be signed in with at least a role. */
export type Need = "public" | Role;
