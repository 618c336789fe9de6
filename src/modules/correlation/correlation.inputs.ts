// Arguments of the correlation API, validated before they reach the service.
import { ArrayMaxSize, IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, Float, ID, Int } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId } from "../../graphql/validation";
import { namedEnum } from "../../shared/enums";
import { IocType } from "../../shared/ioc-type";
import { Verdict } from "../enrichment/enrichment.entity";
import type { GroupOrder } from "../occurrence/occurrence-index";

const MAX_CORRELATED_HUNTS = 1000;

/** The orders of IOC and host overlaps; each breaks its ties by type and value. */
export const OverlapOrder = namedEnum("OverlapOrder", "How IOC and host overlaps are ordered; ties go by type, then value.", {
  SCORE: "Highest score first: what is most likely to matter (see IocOverlap.score).",
  ROW_COUNT: "Most rows first: ThreatHunt's order.",
  APPEARANCES: { description: "Most rows first: ThreatHunt's order.", deprecationReason: "Use ROW_COUNT." },
  HUNTS: "Seen in the most hunts first, then most rows.",
  LAST_SEEN: "Seen most recently first (never dated last), then most rows.",
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
  @Field(() => Int, { defaultValue: 2, description: "Only what was seen in at least this many of the hunts (2 or more)." })
  @Min(2, { message: "minHunts must be at least 2, got $value" })
  @Max(MAX_CORRELATED_HUNTS)
  minHunts: number;
}

@ArgsType()
export class HostOverlapsArgs extends MinHuntsArgs {
  @Field(() => OverlapOrder, { defaultValue: OverlapOrder.ROW_COUNT, description: "How the overlaps are ordered." })
  orderBy: OverlapOrder;
}

@ArgsType()
export class SuppressedIocsArgs extends MinHuntsArgs {
  @Field(() => OverlapOrder, { defaultValue: OverlapOrder.SCORE, description: "How the overlaps are ordered." })
  orderBy: OverlapOrder;

  @Field(() => IocType, { nullable: true, description: "Only indicators of this kind." })
  iocType?: IocType;

  @Field(() => IocType, { nullable: true, description: "Only indicators of this kind.", deprecationReason: "Use iocType." })
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
    defaultValue: false,
    description: "Also the indicators set aside as noise, each with its `suppressedBy` (false: only those shown).",
  })
  includeSuppressed: boolean;
}

@ArgsType()
export class TimeOverlapsArgs extends PageArgs {
  @Field(() => Float, { defaultValue: 0, description: "Only overlaps at least this many hours long (0: any overlap)." })
  @Min(0, { message: "minHours must not be negative, got $value" })
  minHours: number;
}

/** The order of the occurrence index that `orderBy` names (APPEARANCES is ROW_COUNT's old name). */
export function groupOrderOf(orderBy: OverlapOrder): GroupOrder {
  return orderBy === OverlapOrder.APPEARANCES ? "ROW_COUNT" : orderBy;
}
