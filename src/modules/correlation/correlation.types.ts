// The GraphQL types of correlation results. Fields that need more data (hunts, datasets, verdicts,
// appearances) are resolved in correlation.resolver.ts through per-request loaders.
import { Field, Float, Int, ObjectType } from "type-graphql";
import { IocType } from "../../shared/ioc-type";
import { Verdict } from "../enrichment/enrichment.entity";
import type { Correlation } from "./correlation";
import { ScoreReason } from "./score";

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
}

@ObjectType({ description: "An indicator seen in two or more of the correlated hunts." })
export class IocOverlap {
  @Field({
    description: "The indicator in canonical form: trimmed and refanged; domains, hashes and URL hosts lower-case, host names upper-case.",
  })
  value: string;

  @Field(() => IocType, { description: "Kind of indicator." })
  type: IocType;

  @Field(() => Int, { description: "Total number of rows, across the hunts' datasets, that hold it (ThreatHunt's `count`)." })
  count: number;

  @Field(() => Int, { description: "Number of hunts it was seen in." })
  huntCount: number;

  @Field(() => Date, { nullable: true, description: "Latest time of a row that holds it, in these hunts; null when no row is dated." })
  lastSeen: Date | null;

  @Field(() => Float, {
    description:
      "How likely it is to matter: the sum of the effects in `reasons` (verdict, rarity in the database's hunts and " +
      "datasets, spread over the correlated hunts, kind of indicator), to 3 decimals. Higher first with orderBy: SCORE.",
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

  huntIds: string[];
  /** The correlation it belongs to: its appearances are looked up within the same hunts. */
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
  appearances: number;

  @Field(() => Int, { description: "Number of hunts it was seen in." })
  huntCount: number;

  @Field(() => Date, { nullable: true, description: "Latest time of a row that names it, in these hunts; null when no row is dated." })
  lastSeen: Date | null;

  @Field(() => Prevalence, { description: "How common the host name is across the whole database." })
  prevalence: Prevalence;

  huntIds: string[];
  correlation: Correlation;
}
