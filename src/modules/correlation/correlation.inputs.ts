// Arguments of the correlation API, validated before they reach the service.
import { ArrayMaxSize, IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, Float, ID, Int } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId } from "../../graphql/validation";
import { namedEnum } from "../../shared/enums";
import { IocType } from "../../shared/ioc-type";
import { Verdict } from "../enrichment/enrichment.entity";

const MAX_CORRELATED_HUNTS = 1000;

/** The orders of IOC and host overlaps; each breaks its ties by type and value. */
export const OverlapOrder = namedEnum("OverlapOrder", "How IOC and host overlaps are ordered; ties go by type, then value.", {
  SCORE: "Highest score first: what is most likely to matter (see IocOverlap.score).",
  APPEARANCES: "Most appearances (rows) first: ThreatHunt's order.",
  HUNTS: "Seen in the most hunts first, then most appearances.",
  LAST_SEEN: "Seen most recently first (never dated last), then most appearances.",
  VALUE: "By value, in byte order.",
});
export type OverlapOrder = keyof typeof OverlapOrder;

@ArgsType()
export class CorrelationArgs {
  @Field(() => [ID], {
    nullable: true,
    description: `The hunts to correlate: 2 to ${MAX_CORRELATED_HUNTS}. Leave out to correlate every hunt.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_CORRELATED_HUNTS)
  @IsHexId({ each: true })
  huntIds?: string[];
}

@ArgsType()
class MinHuntsArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: "Only what was seen in at least this many of the hunts (2 or more; default 2)." })
  @IsOptional()
  @Min(2, { message: "minHunts must be at least 2, got $value" })
  @Max(MAX_CORRELATED_HUNTS)
  minHunts?: number;
}

@ArgsType()
export class HostOverlapsArgs extends MinHuntsArgs {
  @Field(() => OverlapOrder, {
    nullable: true,
    defaultValue: OverlapOrder.APPEARANCES,
    description: "How the overlaps are ordered (null: the default, APPEARANCES).",
  })
  orderBy?: OverlapOrder | null;
}

@ArgsType()
export class SuppressedIocsArgs extends MinHuntsArgs {
  @Field(() => OverlapOrder, {
    nullable: true,
    defaultValue: OverlapOrder.SCORE,
    description: "How the overlaps are ordered (null: the default, SCORE).",
  })
  orderBy?: OverlapOrder | null;

  @Field(() => IocType, { nullable: true, description: "Only indicators of this type." })
  type?: IocType;

  @Field(() => Verdict, {
    nullable: true,
    description: "Only indicators whose current verdict (most severe non-expired result) is this one.",
  })
  verdict?: Verdict;
}

@ArgsType()
export class IocOverlapsArgs extends SuppressedIocsArgs {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Also the indicators set aside as noise, each with its `suppressedBy` (default false: only those shown).",
  })
  includeSuppressed?: boolean | null;
}

@ArgsType()
export class TimeOverlapsArgs extends PageArgs {
  @Field(() => Float, { nullable: true, description: "Only overlaps at least this many hours long (default 0: any overlap)." })
  @IsOptional()
  @Min(0, { message: "minHours must not be negative, got $value" })
  minHours?: number;
}
