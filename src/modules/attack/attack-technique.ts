// The MITRE ATT&CK Enterprise technique catalogue (data/attack, under MITRE's license beside it):
// names, tactics, sub-technique parents, and what revoked techniques became.
import { Field, ObjectType } from "type-graphql";
import catalogue from "../../../data/attack/enterprise-techniques.json";

interface CatalogueEntry {
  id: string;
  name: string;
  tactics?: string[];
  subtechnique?: boolean;
  revoked?: boolean;
  deprecated?: boolean;
  revokedBy?: string;
}

@ObjectType({ description: "A MITRE ATT&CK Enterprise technique or sub-technique." })
export class AttackTechnique {
  @Field({ description: "Technique id, e.g. T1059.001." })
  id: string;

  @Field({ description: "Technique name, e.g. PowerShell." })
  name: string;

  @Field(() => [String], { description: "Tactics the technique serves, e.g. execution." })
  tactics: string[];

  @Field({ description: "Whether it is a sub-technique (T1059.001 of T1059)." })
  subtechnique: boolean;

  @Field(() => String, { nullable: true, description: "The parent technique's id, for a sub-technique." })
  parentId: string | null;

  @Field({ description: "Whether MITRE revoked or deprecated it." })
  revoked: boolean;

  @Field(() => String, { nullable: true, description: "The technique that replaced it, when it was revoked." })
  revokedBy: string | null;
}

const TECHNIQUES = new Map<string, AttackTechnique>(
  (catalogue.techniques as CatalogueEntry[]).map((entry) => [
    entry.id,
    Object.assign(new AttackTechnique(), {
      id: entry.id,
      name: entry.name,
      tactics: entry.tactics ?? [],
      subtechnique: entry.subtechnique ?? false,
      parentId: entry.subtechnique ? entry.id.split(".")[0] : null,
      revoked: Boolean(entry.revoked || entry.deprecated),
      revokedBy: entry.revokedBy ?? null,
    }),
  ]),
);

/** The technique with this canonical id (upper-case, trimmed), or null when ATT&CK has none. */
export function attackTechnique(id: string): AttackTechnique | null {
  return TECHNIQUES.get(id) ?? null;
}

/** Revoked technique id → the id that replaced it: hypotheses on either correlate as one technique. */
const REVOKED_TECHNIQUES: ReadonlyMap<string, string> = new Map(
  [...TECHNIQUES.values()].flatMap((t) => (t.revokedBy ? [[t.id, t.revokedBy] as [string, string]] : [])),
);

/** An ATT&CK technique id as hypotheses are grouped by it: trimmed, upper-cased ("t1059.001 " → "T1059.001"); null when empty. */
export function canonicalTechnique(raw: string): string | null {
  return raw.trim().toUpperCase() || null;
}

/**
 * Revoked ids and the technique that finally replaced each: MITRE revoked some replacements in turn
 * (T1073 → T1574.002 → T1574.001), and all three must correlate as T1574.001.
 */
export function finalReplacements(): [string[], string[]] {
  const revoked = [...REVOKED_TECHNIQUES.keys()];
  const final = revoked.map((id) => {
    const seen = new Set<string>();
    let current = id;
    while (REVOKED_TECHNIQUES.has(current) && !seen.has(current)) {
      seen.add(current);
      current = REVOKED_TECHNIQUES.get(current)!;
    }
    return current;
  });
  return [revoked, final];
}
