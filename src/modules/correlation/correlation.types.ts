// The GraphQL types of correlation results. Fields that need more data (hunts, datasets, verdicts,
// appearances) are resolved in correlation.resolver.ts through per-request loaders.
import { Field, Float, Int, ObjectType } from "type-graphql";
import { IocType } from "../../shared/ioc-type";
import { DispositionKind } from "../disposition/disposition.entity";
import { Verdict } from "../enrichment/enrichment.entity";
import type { GroupRow } from "../occurrence/occurrence-index";
import type { Correlation } from "./correlation";
import { ScoreReason, scoreReasons, Suppression, suppressions } from "./score";

@ObjectType({ description: "How common a value is across the whole database, not only the correlated hunts." })
export class Prevalence {
  @Field(() => Int, { description: "Hunts of the database that hold it." })
  hunts: number;

  @Field(() => Int, { description: "Hunts in the database." })
  totalHunts: number;

  @Field(() => Int, { description: "Datasets of the database that hold it." })
  datasets: number;

  @Field(() => Int, { description: "Datasets in the database." })
  totalDatasets: number;

  @Field(() => Int, {
    nullable: true,
    description:
      "Distinct hosts whose rows hold it (from the datasets' host-name columns): stacking. Null when no dataset that holds it has a host-name column.",
  })
  hosts: number | null;

  @Field(() => Int, { description: "Distinct host names in the database." })
  totalHosts: number;
}

@ObjectType({ description: "An indicator seen in two or more of the correlated hunts." })
export class IocOverlap {
  @Field({
    description: "The indicator in canonical form: trimmed and refanged; domains, hashes and URL hosts lower-case, host names upper-case.",
  })
  value: string;

  @Field(() => IocType, { description: "Kind of indicator." })
  iocType: IocType;

  @Field(() => Int, { description: "Total number of rows, across the hunts' datasets, that hold it (ThreatHunt's `count`)." })
  rowCount: number;

  @Field(() => Int, { description: "Number of hunts it was seen in." })
  huntCount: number;

  @Field(() => Date, { nullable: true, description: "Latest time of a row that holds it, in these hunts; null when no row is dated." })
  lastSeen: Date | null;

  @Field(() => Float, {
    description:
      "How likely it is to matter: the sum of the effects in `reasons`, to 3 decimals (see ScoreSignal for each " +
      "signal's formula: verdict, analyst's disposition, NOISE and CONTEXT warninglists, exclusion rules, rarity " +
      "among the database's hunts, datasets and hosts, spread over the correlated hunts, kind of indicator). " +
      "Deterministic; higher first with orderBy: SCORE, ties by type then value.",
  })
  score: number;

  @Field(() => Verdict, {
    nullable: true,
    description: "The most severe verdict among its non-expired enrichment results (error results ignored); null when it has none.",
  })
  verdict: Verdict | null;

  @Field(() => [ScoreReason], { description: "The signals that make up `score`, largest effect first." })
  reasons: ScoreReason[];

  @Field(() => Prevalence, { description: "How common it is across the whole database (IOC columns only)." })
  prevalence: Prevalence;

  @Field(() => DispositionKind, { nullable: true, description: "The analyst's disposition that applies to it here, if any." })
  disposition: DispositionKind | null;

  @Field(() => [Suppression], {
    description: "What sets it aside as noise: empty for an indicator that is shown (in `suppressed`, never empty).",
  })
  suppressedBy: Suppression[];

  huntIds: string[];
  /** The correlation it belongs to: its sightings are looked up within the same hunts. */
  correlation: Correlation;
}

@ObjectType({ description: "Two datasets of different hunts whose time windows overlap." })
export class TimeOverlap {
  @Field({ description: "Start of the overlap: the later of the two starts." })
  start: Date;

  @Field({ description: "End of the overlap: the earlier of the two ends." })
  end: Date;

  @Field(() => Float, { description: "Length of the overlap in hours, to 2 decimals." })
  hours: number;

  datasetAId: string;
  datasetBId: string;
}

@ObjectType({ description: "A MITRE ATT&CK technique that hypotheses of two or more hunts hold." })
export class TechniqueOverlap {
  @Field({ description: "Technique id, trimmed and upper-case; a revoked technique is counted as the one that replaced it." })
  techniqueId: string;

  @Field(() => String, { nullable: true, description: "Technique name from ATT&CK (null when ATT&CK has no such id)." })
  techniqueName: string | null;

  hypothesisIds: string[];
  huntIds: string[];
}

@ObjectType({ description: "A host name seen in two or more hunts: a hint of lateral movement." })
export class HostOverlap {
  @Field({ description: "The host name, upper-case as ThreatHunt compares them." })
  hostname: string;

  @Field(() => Int, { description: "Number of rows, across the hunts' datasets, that name the host." })
  rowCount: number;

  @Field(() => Int, { description: "Number of hunts it was seen in." })
  huntCount: number;

  @Field(() => Date, { nullable: true, description: "Latest time of a row that names it, in these hunts; null when no row is dated." })
  lastSeen: Date | null;

  @Field(() => Prevalence, { description: "How common the host name is across the whole database." })
  prevalence: Prevalence;

  huntIds: string[];
  correlation: Correlation;
}

/** A group's prevalence in the whole database (or the part of it the caller sees). */
export function prevalenceOf(row: GroupRow): Prevalence {
  return Object.assign(new Prevalence(), {
    hunts: row.database_hunts,
    totalHunts: row.total_hunts,
    datasets: row.database_datasets,
    totalDatasets: row.total_datasets,
    hosts: row.database_hosts,
    totalHosts: row.total_hosts,
  });
}

/** An IOC overlap from its group's row, with its score's reasons and what sets it aside. */
export function iocOverlapOf(row: GroupRow, correlation: Correlation): IocOverlap {
  return Object.assign(new IocOverlap(), {
    value: row.value,
    iocType: row.ioc_type,
    rowCount: Number(row.appearances),
    huntCount: row.hunt_ids.length,
    lastSeen: row.last_seen,
    // The page query looked the verdict up already, by the same rule as the enrichments' loader.
    verdict: row.verdict as Verdict | null,
    score: row.score,
    reasons: scoreReasons(row, correlation.huntIds.length),
    prevalence: prevalenceOf(row),
    disposition: row.disposition as IocOverlap["disposition"],
    suppressedBy: suppressions(row),
    huntIds: row.hunt_ids,
    correlation,
  });
}
