// Inputs of the enrichment API, validated before they reach the service.
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  IsNumber,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from "class-validator";
import { GraphQLJSON } from "graphql-scalars";
import { ArgsType, Field, Float, ID, InputType } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId } from "../../graphql/validation";
import { IocType } from "../../shared/ioc-type";
import { Verdict } from "./enrichment.entity";

const MAX_ENRICHMENTS_PER_CALL = 1000;

@ArgsType()
export class EnrichmentsArgs extends PageArgs {
  @Field({ description: "The indicator value, as recorded (surrounding blanks are ignored)." })
  @Length(1, 512, { message: "iocValue must be 1 to 512 characters long" })
  iocValue: string;
}

@InputType({ description: "A threat-intel result to cache for one indicator." })
export class EnrichmentInput {
  @Field({ description: "The indicator value (1 to 512 characters)." })
  @Length(1, 512, { message: "iocValue must be 1 to 512 characters long" })
  @Matches(/\S/, { message: "iocValue must not be blank" })
  iocValue: string;

  @Field(() => IocType, { description: "Kind of indicator." })
  @IsEnum(IocType)
  iocType: IocType;

  @Field({ description: "Where the verdict came from, e.g. virustotal (1 to 32 characters)." })
  @Length(1, 32, { message: "source must be 1 to 32 characters long" })
  @Matches(/\S/, { message: "source must not be blank" })
  source: string;

  @Field(() => Verdict, { nullable: true, description: "The source's verdict." })
  @IsOptional()
  @IsEnum(Verdict)
  verdict?: Verdict | null;

  @Field(() => Float, { nullable: true, description: "The source's confidence, from 0 to 1." })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  confidence?: number | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "The source's raw answer." })
  @IsOptional()
  rawResult?: unknown;

  @Field(() => String, { nullable: true, description: "Human-readable summary." })
  @IsOptional()
  @MaxLength(100_000)
  summary?: string | null;

  @Field(() => ID, { nullable: true, description: "The dataset the indicator was found in, if any." })
  @IsOptional()
  @IsHexId()
  datasetId?: string | null;

  @Field(() => Date, { nullable: true, description: "When the result was fetched (default now)." })
  @IsOptional()
  cachedAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the result goes stale (default: 24 hours after cachedAt, as ThreatHunt's cache).",
  })
  @IsOptional()
  expiresAt?: Date | null;
}

@ArgsType()
export class RecordEnrichmentsArgs {
  @Field(() => [EnrichmentInput], { description: `The results to cache, 1 to ${MAX_ENRICHMENTS_PER_CALL}.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ENRICHMENTS_PER_CALL)
  @ValidateNested({ each: true })
  results: EnrichmentInput[];
}
