// Why an overlap ranks where it does: the signals of its score (computed in SQL, see SIGNALS in
// groups.sql.ts), each with its effect and a sentence a hunter can read; and what set it aside, if anything.
import { Field, Float, ObjectType } from "type-graphql";
import { namedEnum } from "../../shared/enums";
import type { GroupRow, ListRef } from "../occurrence/occurrence-index";

export const ScoreSignal = namedEnum("ScoreSignal", "A signal that moves an overlap's score.", {
  VERDICT: "The most severe current threat-intel verdict: malicious +10, suspicious +5, clean -5.",
  DISPOSITION: "An analyst's disposition: escalated +8, benign -8, ignored -4.",
  NOISE: "Matched by an enabled NOISE warninglist: -6 (and set aside). Internal addresses are never noise.",
  CONTEXT: "Matched by an enabled CONTEXT warninglist (sinkhole, dynamic DNS, URL shortener, VPN, ...): +3.",
  EXCLUSION_RULE: "Matched by an analyst's exclusion rule: -6 (and set aside).",
  HUNT_RARITY: "How few hunts of the whole database hold it: 4 × ln((hunts + 1) / hunts holding it).",
  DATASET_RARITY: "How few datasets of the whole database hold it: ln((datasets + 1) / datasets holding it).",
  HOST_RARITY: "How few hosts saw it (stacking): ln((hosts + 1) / hosts that saw it), over the hosts the database knows.",
  SPREAD: "How many of the correlated hunts share it: ln(hunts sharing it).",
  IOC_TYPE: "How specific its kind is: hashes +2, URLs +1.5, domains +1, addresses and host names 0.",
  INTERNAL: "An address in private space (RFC 1918, RFC 6598, IPv6 unique local): no effect; never set aside as noise.",
});
export type ScoreSignal = keyof typeof ScoreSignal;

@ObjectType({ description: "One signal of an overlap's score: what it added (or took away), and why." })
export class ScoreReason {
  @Field(() => ScoreSignal, { description: "The signal." })
  signal: ScoreSignal;

  @Field(() => Float, { description: "What it adds to the score (negative: takes away), to 3 decimals." })
  effect: number;

  @Field({ description: "The signal in words, with the numbers behind it." })
  detail: string;
}

export const SuppressionSource = namedEnum("SuppressionSource", "What set an indicator aside as noise.", {
  WARNINGLIST: "An enabled warninglist with the NOISE role.",
  EXCLUSION_RULE: "An analyst's exclusion rule.",
  DISPOSITION: "An analyst's BENIGN or IGNORED disposition.",
});
export type SuppressionSource = keyof typeof SuppressionSource;

@ObjectType({ description: "Why an indicator is set aside from IOC overlaps (it is never deleted: see `suppressed`)." })
export class Suppression {
  @Field(() => SuppressionSource, { description: "What set it aside." })
  source: SuppressionSource;

  @Field({ description: "Which one: the warninglist's name, the rule's id, or the disposition's id." })
  id: string;

  @Field({ description: "The reason in words: the list's title and role, the rule and its reason, or the analyst's reason." })
  reason: string;
}

const TYPE_NAMES: Record<string, string> = {
  ip: "an IP address",
  domain: "a domain",
  url: "a URL",
  hash_md5: "an MD5 hash",
  hash_sha1: "a SHA-1 hash",
  hash_sha256: "a SHA-256 hash",
  hostname: "a host name",
};

const DISPOSITION_WORDS: Record<string, string> = {
  BENIGN: "marked benign",
  IGNORED: "marked not relevant to this investigation",
  ESCALATED: "escalated",
};

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const inLists = (lists: ListRef[], role: string) =>
  `${lists.length === 1 ? "warninglist" : "warninglists"} ${lists.map((list) => `'${list.title}'`).join(", ")} (${role})`;

function dispositionDetail(row: GroupRow): string {
  const scope = row.disposition_hunt_id === null ? "" : ` for hunt ${row.disposition_hunt_id}`;
  return `${DISPOSITION_WORDS[row.disposition!]} by an analyst${scope}: ${row.disposition_reason}`;
}

/** The signals of a group's score, largest effect first; signals with no effect are left out, INTERNAL excepted. */
export function scoreReasons(row: GroupRow, correlatedHunts: number): ScoreReason[] {
  const reasons: [ScoreSignal, number, string | null][] = [
    [ScoreSignal.VERDICT, row.verdict_effect, `verdict ${row.verdict} (${row.verdict_source})`],
    [ScoreSignal.DISPOSITION, row.disposition_effect, row.disposition && dispositionDetail(row)],
    [ScoreSignal.NOISE, row.noise_effect, row.noise && `in ${inLists(row.noise, "noise")}`],
    [ScoreSignal.CONTEXT, row.context_effect, row.context && `in ${inLists(row.context, "context")}`],
    [
      ScoreSignal.EXCLUSION_RULE,
      row.rule_effect,
      row.rules && row.rules.map((r) => `excluded by rule ${r.kind} ${r.pattern}: ${r.reason}`).join("; "),
    ],
    [ScoreSignal.HUNT_RARITY, row.hunt_rarity_effect, `in ${row.database_hunts} of ${plural(row.total_hunts, "hunt")} in the database`],
    [
      ScoreSignal.DATASET_RARITY,
      row.dataset_rarity_effect,
      `in ${row.database_datasets} of ${plural(row.total_datasets, "dataset")} in the database`,
    ],
    [ScoreSignal.HOST_RARITY, row.host_rarity_effect, `seen by ${row.database_hosts} of ${plural(row.total_hosts, "host")}`],
    [ScoreSignal.SPREAD, row.spread_effect, `shared by ${row.hunt_ids.length} of the ${correlatedHunts} correlated hunts`],
    [ScoreSignal.IOC_TYPE, row.type_effect, `${TYPE_NAMES[row.ioc_type] ?? row.ioc_type}`],
  ];
  if (row.internal) reasons.push([ScoreSignal.INTERNAL, 0, "internal address (private range): never noise, ranked by its prevalence"]);
  return reasons
    .filter(([signal, effect, detail]) => detail !== null && (effect !== 0 || signal === ScoreSignal.INTERNAL))
    .map(([signal, effect, detail]) => Object.assign(new ScoreReason(), { signal, effect, detail }))
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.signal < b.signal ? -1 : 1));
}

/** What sets a group aside, if anything: empty for a value that is shown. */
export function suppressions(row: GroupRow): Suppression[] {
  if (!row.suppressed) return [];
  const found: [SuppressionSource, string, string][] = [];
  if (row.noise && !row.internal) {
    for (const list of row.noise) found.push([SuppressionSource.WARNINGLIST, list.name, `in warninglist '${list.title}' (noise)`]);
  }
  for (const rule of row.rules ?? [])
    found.push([SuppressionSource.EXCLUSION_RULE, rule.id, `rule ${rule.kind} ${rule.pattern}: ${rule.reason}`]);
  if (row.disposition === "BENIGN" || row.disposition === "IGNORED") {
    found.push([SuppressionSource.DISPOSITION, row.disposition_id!, dispositionDetail(row)]);
  }
  return found.map(([source, id, reason]) => Object.assign(new Suppression(), { source, id, reason }));
}
