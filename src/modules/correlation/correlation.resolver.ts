// GraphQL API of correlation: the `correlation` entry point and one lazy field per kind of overlap.
import { Args, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, lazyConnection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IocType, iocKey, iocTypeArg } from "../../shared/ioc-type";
import { AttackTechnique, attackTechnique } from "../attack/attack-technique";
import { Dataset } from "../dataset/dataset.entity";
import { EnrichmentResult } from "../enrichment/enrichment.entity";
import { Hunt } from "../hunt/hunt.entity";
import { Hypothesis } from "../hypothesis/hypothesis.entity";
import { IocSighting } from "../ioc/ioc-sighting.type";
import { Correlation } from "./correlation";
import {
  CorrelationArgs,
  groupOrderOf,
  HostOverlapsArgs,
  IocOverlapsArgs,
  SuppressedIocsArgs,
  TimeOverlapsArgs,
} from "./correlation.inputs";
import type { IocFilter } from "./correlation.service";
import { HostOverlap, IocOverlap, TechniqueOverlap, TimeOverlap } from "./correlation.types";

@ObjectType("IocOverlapConnection", { description: "A page of shared indicators, and how many were set aside as noise." })
class IocOverlapConnection extends ConnectionType(IocOverlap, "IocOverlap", "shared indicator", "shared indicators", true) {
  @Field(() => Int, {
    description: "How many indicators matching the same arguments are set aside as noise (listed by `correlation.suppressed`).",
  })
  suppressedCount: number | Promise<number>;
}

type IocConnection = Connection<IocOverlap> & { readonly suppressedCount: Promise<number> };
const TimeOverlapConnection = ConnectionType(
  TimeOverlap,
  "TimeOverlap",
  "overlapping pair of time windows",
  "overlapping pairs of time windows",
);
const TechniqueOverlapConnection = ConnectionType(TechniqueOverlap, "TechniqueOverlap", "shared technique", "shared techniques");
const HostOverlapConnection = ConnectionType(HostOverlap, "HostOverlap", "shared host", "shared hosts");

function withSuppressedCount(base: Connection<IocOverlap>, count: () => Promise<number>): IocConnection {
  let counted: Promise<number> | undefined;
  return Object.defineProperty(base, "suppressedCount", { get: () => (counted ??= count()), enumerable: true }) as IocConnection;
}

function iocFilterOf(args: SuppressedIocsArgs & { includeSuppressed?: boolean }): IocFilter {
  return { iocType: iocTypeArg(args), minHunts: args.minHunts, verdict: args.verdict, includeSuppressed: args.includeSuppressed };
}

function loadHunts({ loaders }: Context, ids: string[]): Promise<Hunt[]> {
  return loaders.huntById.loadMany(ids).then((hunts) => hunts.filter((hunt): hunt is Hunt => hunt instanceof Hunt));
}

@Resolver(() => Correlation)
export class CorrelationResolver {
  @Query(() => Correlation, {
    description:
      "What connects these hunts (or every hunt): shared indicators, overlapping time windows, shared ATT&CK techniques, shared hosts.",
  })
  @Access("viewer")
  correlation(@Args() { huntIds }: CorrelationArgs, @Ctx() { services, signal, visibility }: Context): Promise<Correlation> {
    return services.correlation.correlation(huntIds, signal, visibility);
  }

  @FieldResolver(() => [Hunt], { description: "The hunts correlated." })
  hunts(@Root() correlation: Correlation, @Ctx() context: Context): Promise<Hunt[]> {
    return loadHunts(context, correlation.huntIds);
  }

  @FieldResolver(() => IocOverlapConnection, {
    description:
      "Indicators seen in two or more of the hunts, in the order `orderBy` gives (highest score first by default). " +
      "Those set aside as noise (NOISE warninglists, exclusion rules, BENIGN or IGNORED dispositions) are left out unless " +
      "`includeSuppressed`; `suppressedCount` says how many, `correlation.suppressed` lists them with the reason.",
  })
  iocOverlaps(@Root() correlation: Correlation, @Args() args: IocOverlapsArgs, @Ctx() { services }: Context): IocConnection {
    const page = pageOf(args);
    const filter = iocFilterOf(args);
    return withSuppressedCount(
      lazyConnection(
        () => services.correlation.iocOverlaps(correlation, filter, page, groupOrderOf(args.orderBy)),
        page,
        () => services.correlation.iocOverlapCount(correlation, filter),
      ),
      () => services.correlation.suppressedIocCount(correlation, filter),
    );
  }

  @FieldResolver(() => IocOverlapConnection, {
    description:
      "The indicators seen in two or more of the hunts that are set aside as noise, each with `suppressedBy` (the " +
      "warninglist, exclusion rule or disposition, and its reason). Nothing is deleted: `iocOverlaps(includeSuppressed: true)` shows them among the rest.",
  })
  suppressed(@Root() correlation: Correlation, @Args() args: SuppressedIocsArgs, @Ctx() { services }: Context): IocConnection {
    const page = pageOf(args);
    const filter = iocFilterOf(args);
    const count = () => services.correlation.suppressedIocCount(correlation, filter);
    return withSuppressedCount(
      lazyConnection(() => services.correlation.suppressedIocs(correlation, filter, page, groupOrderOf(args.orderBy)), page, count),
      count,
    );
  }

  @FieldResolver(() => TimeOverlapConnection, {
    description: "Datasets of different hunts whose time windows overlap, longest overlap first.",
  })
  timeOverlaps(@Root() correlation: Correlation, @Args() args: TimeOverlapsArgs, @Ctx() { services }: Context): Connection<TimeOverlap> {
    const page = pageOf(args);
    return lazyConnection(
      () => services.correlation.timeOverlaps(correlation, args.minHours, page),
      page,
      () => services.correlation.timeOverlapCount(correlation, args.minHours),
    );
  }

  @FieldResolver(() => TechniqueOverlapConnection, {
    description: "ATT&CK techniques held by hypotheses of two or more hunts, most hunts first.",
  })
  techniqueOverlaps(@Root() correlation: Correlation, @Args() args: PageArgs, @Ctx() { services }: Context): Connection<TechniqueOverlap> {
    const page = pageOf(args);
    return lazyConnection(
      () => services.correlation.techniqueOverlaps(correlation, page),
      page,
      () => services.correlation.techniqueOverlapCount(correlation),
    );
  }

  @FieldResolver(() => HostOverlapConnection, {
    description:
      "Host names seen in two or more hunts (potential lateral movement), in the order `orderBy` gives (most rows first by default).",
  })
  hostOverlaps(@Root() correlation: Correlation, @Args() args: HostOverlapsArgs, @Ctx() { services }: Context): Connection<HostOverlap> {
    const page = pageOf(args);
    return lazyConnection(
      () => services.correlation.hostOverlaps(correlation, args.minHunts, page, groupOrderOf(args.orderBy)),
      page,
      () => services.correlation.hostOverlapCount(correlation, args.minHunts),
    );
  }

  @FieldResolver(() => String, {
    description:
      "ThreatHunt's summary text, computed from the complete counts: its lines, indented as ThreatHunt writes them, joined by newlines.",
  })
  async summary(@Root() correlation: Correlation, @Ctx() { services }: Context): Promise<string> {
    const lines = await services.correlation.summaryLines(correlation);
    return lines.map(([indent, text]) => indent + text).join("\n");
  }

  @FieldResolver(() => [String], {
    description: "The summary's lines, without ThreatHunt's indentation: a heading, then one line per kind of overlap found.",
  })
  async summaryLines(@Root() correlation: Correlation, @Ctx() { services }: Context): Promise<string[]> {
    const lines = await services.correlation.summaryLines(correlation);
    return lines.map(([, text]) => text);
  }

  @FieldResolver(() => Int, { description: "Shared indicators + overlapping time windows + shared techniques + shared hosts." })
  totalCorrelations(@Root() correlation: Correlation, @Ctx() { services }: Context): Promise<number> {
    return services.correlation.totalCorrelations(correlation);
  }
}

@Resolver(() => IocOverlap)
export class IocOverlapResolver {
  @FieldResolver(() => [Hunt], { description: "The hunts it was seen in." })
  hunts(@Root() overlap: IocOverlap, @Ctx() context: Context): Promise<Hunt[]> {
    return loadHunts(context, overlap.huntIds);
  }

  @FieldResolver(() => [IocSighting], { description: "Every dataset column of these hunts it appears in, with its row count." })
  sightings(@Root() overlap: IocOverlap): Promise<IocSighting[]> {
    return overlap.correlation.iocAppearances.load(iocKey(overlap.iocType, overlap.value));
  }

  @FieldResolver(() => [IocSighting], { description: "Its sightings.", deprecationReason: "Use sightings." })
  appearances(@Root() overlap: IocOverlap): Promise<IocSighting[]> {
    return this.sightings(overlap);
  }

  @FieldResolver(() => IocType, { description: "Kind of indicator.", deprecationReason: "Use iocType." })
  type(@Root() overlap: IocOverlap): IocType {
    return overlap.iocType;
  }

  @FieldResolver(() => Int, { description: "Its row count.", deprecationReason: "Use rowCount." })
  count(@Root() overlap: IocOverlap): number {
    return overlap.rowCount;
  }

  @FieldResolver(() => [EnrichmentResult], {
    description: "Every cached enrichment result for it, newest first, expired ones included (see `expired`).",
  })
  enrichments(@Root() overlap: IocOverlap, @Ctx() { loaders }: Context): Promise<EnrichmentResult[]> {
    return loaders.enrichmentsByIoc.load(iocKey(overlap.iocType, overlap.value));
  }
}

@Resolver(() => TimeOverlap)
export class TimeOverlapResolver {
  @FieldResolver(() => Dataset, { description: "One dataset of the pair." })
  datasetA(@Root() overlap: TimeOverlap, @Ctx() { loaders }: Context): Promise<Dataset | null> {
    return loaders.datasetById.load(overlap.datasetAId);
  }

  @FieldResolver(() => Dataset, { description: "The other dataset, from another hunt." })
  datasetB(@Root() overlap: TimeOverlap, @Ctx() { loaders }: Context): Promise<Dataset | null> {
    return loaders.datasetById.load(overlap.datasetBId);
  }
}

@Resolver(() => TechniqueOverlap)
export class TechniqueOverlapResolver {
  @FieldResolver(() => AttackTechnique, {
    nullable: true,
    description: "The technique in MITRE ATT&CK (name, tactics, parent), when ATT&CK has it.",
  })
  technique(@Root() overlap: TechniqueOverlap): AttackTechnique | null {
    return attackTechnique(overlap.techniqueId);
  }

  @FieldResolver(() => [Hypothesis], { description: "The hypotheses that hold it, oldest first." })
  async hypotheses(@Root() overlap: TechniqueOverlap, @Ctx() { loaders }: Context): Promise<Hypothesis[]> {
    const hypotheses = await loaders.hypothesisById.loadMany(overlap.hypothesisIds);
    return hypotheses.filter((h): h is Hypothesis => h instanceof Hypothesis);
  }

  @FieldResolver(() => [Hunt], { description: "The hunts whose hypotheses hold it." })
  hunts(@Root() overlap: TechniqueOverlap, @Ctx() context: Context): Promise<Hunt[]> {
    return loadHunts(context, overlap.huntIds);
  }
}

@Resolver(() => HostOverlap)
export class HostOverlapResolver {
  @FieldResolver(() => [Hunt], { description: "The hunts it was seen in." })
  hunts(@Root() overlap: HostOverlap, @Ctx() context: Context): Promise<Hunt[]> {
    return loadHunts(context, overlap.huntIds);
  }

  @FieldResolver(() => [IocSighting], { description: "Every dataset column of these hunts that names it, with its row count." })
  sightings(@Root() overlap: HostOverlap): Promise<IocSighting[]> {
    return overlap.correlation.hostAppearances.load(iocKey(IocType.HOSTNAME, overlap.hostname));
  }

  @FieldResolver(() => [IocSighting], { description: "Its sightings.", deprecationReason: "Use sightings." })
  datasets(@Root() overlap: HostOverlap): Promise<IocSighting[]> {
    return this.sightings(overlap);
  }

  @FieldResolver(() => Int, { description: "Its row count.", deprecationReason: "Use rowCount." })
  appearances(@Root() overlap: HostOverlap): number {
    return overlap.rowCount;
  }
}
