// Why an overlap ranks where it does: the signals of its score (computed in SQL, see SIGNALS in
// occurrence.sql.ts), each with its effect and a sentence a hunter can read.
import { Field, Float, ObjectType } from "type-graphql";
import { namedEnum } from "../../shared/enums";
import type { GroupRow } from "../occurrence/occurrence-index";

export const ScoreSignal = namedEnum("ScoreSignal", "A signal that moves an overlap's score.", {
  VERDICT: "The most severe current threat-intel verdict: malicious +10, suspicious +5, clean -5.",
  HUNT_RARITY: "How few hunts of the whole database hold it: 4 × ln((hunts + 1) / hunts holding it).",
  DATASET_RARITY: "How few datasets of the whole database hold it: ln((datasets + 1) / datasets holding it).",
  SPREAD: "How many of the correlated hunts share it: ln(hunts sharing it).",
  IOC_TYPE: "How specific its kind is: hashes +2, URLs +1.5, domains +1, addresses and host names 0.",
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

const TYPE_NAMES: Record<string, string> = {
  ip: "an IP address",
  domain: "a domain",
  url: "a URL",
  hash_md5: "an MD5 hash",
  hash_sha1: "a SHA-1 hash",
  hash_sha256: "a SHA-256 hash",
  hostname: "a host name",
};

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The signals of a group's score, largest effect first; signals with no effect are left out. */
export function scoreReasons(row: GroupRow, correlatedHunts: number): ScoreReason[] {
  const reasons: [ScoreSignal, number, string][] = [
    [ScoreSignal.VERDICT, row.verdict_effect, `verdict ${row.verdict} (${row.verdict_source})`],
    [ScoreSignal.HUNT_RARITY, row.hunt_rarity_effect, `in ${row.database_hunts} of ${plural(row.total_hunts, "hunt")} in the database`],
    [
      ScoreSignal.DATASET_RARITY,
      row.dataset_rarity_effect,
      `in ${row.database_datasets} of ${plural(row.total_datasets, "dataset")} in the database`,
    ],
    [ScoreSignal.SPREAD, row.spread_effect, `shared by ${row.hunt_ids.length} of the ${correlatedHunts} correlated hunts`],
    [ScoreSignal.IOC_TYPE, row.type_effect, `${TYPE_NAMES[row.ioc_type] ?? row.ioc_type}`],
  ];
  return reasons
    .filter(([, effect]) => effect !== 0)
    .map(([signal, effect, detail]) => Object.assign(new ScoreReason(), { signal, effect, detail }))
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.signal < b.signal ? -1 : 1));
}
