// Inputs of the dispositions and exclusion rules API, validated before they reach the service.
import { IsEnum, IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId } from "../../graphql/validation";
import { IocType } from "../../shared/ioc-type";
import { DispositionKind } from "./disposition.entity";
import { ExclusionKind } from "./exclusion-rule.entity";

@InputType({ description: "An analyst's judgement of one indicator." })
export class DispositionInput {
  @Field(() => IocType, { description: "Kind of indicator." })
  @IsEnum(IocType)
  iocType: IocType;

  @Field({ description: "The indicator, in any form the index accepts (it is stored canonical: refanged, lower-cased, ...)." })
  @Length(1, 2048, { message: "value must be 1 to 2048 characters long" })
  value: string;

  @Field(() => ID, { nullable: true, description: "Only for this hunt (when it is correlated); leave out for every hunt." })
  @IsOptional()
  @IsHexId()
  huntId?: string | null;

  @Field(() => DispositionKind, { description: "The judgement." })
  @IsEnum(DispositionKind)
  disposition: DispositionKind;

  @Field({ description: "Why (1 to 1000 characters): shown wherever it takes effect." })
  @Length(1, 1000, { message: "reason must be 1 to 1000 characters long" })
  @Matches(/\S/, { message: "reason must not be blank" })
  reason: string;
}

@InputType({ description: "A rule that sets matching indicators aside from IOC overlaps." })
export class ExclusionRuleInput {
  @Field(() => ExclusionKind, { description: "How the pattern matches." })
  @IsEnum(ExclusionKind)
  kind: ExclusionKind;

  @Field({ description: "An indicator (EXACT), a block such as 10.20.0.0/16 (CIDR), a domain (DOMAIN) or an expression (REGEX)." })
  @Length(1, 2048, { message: "pattern must be 1 to 2048 characters long" })
  pattern: string;

  @Field(() => IocType, { nullable: true, description: "Only indicators of this kind (required for EXACT)." })
  @IsOptional()
  @IsEnum(IocType)
  iocType?: IocType | null;

  @Field({ description: "Why these values are not of interest (1 to 1000 characters)." })
  @Length(1, 1000, { message: "reason must be 1 to 1000 characters long" })
  @Matches(/\S/, { message: "reason must not be blank" })
  reason: string;
}

@ArgsType()
export class DispositionsArgs extends PageArgs {
  @Field(() => IocType, { nullable: true, description: "Only dispositions of this kind of indicator." })
  @IsOptional()
  @IsEnum(IocType)
  iocType?: IocType | null;

  @Field(() => String, {
    nullable: true,
    description: "Only dispositions of this indicator (compared in canonical form when iocType is given).",
  })
  @IsOptional()
  @Length(1, 2048)
  value?: string | null;

  @Field(() => ID, { nullable: true, description: "Only dispositions for this hunt." })
  @IsOptional()
  @IsHexId()
  huntId?: string | null;
}
