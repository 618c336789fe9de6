// Arguments and inputs of the hypothesis API, validated before they reach the service.
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId, Omittable } from "../../graphql/validation";
import { HypothesisStatus } from "./hypothesis.entity";

const TITLE_LENGTH = { message: "title must be 1 to 256 characters long" };
const NOT_BLANK = { message: "$property must not be blank" };
// ATT&CK ids look like T1059 or T1059.001; case and surrounding blanks are forgiven and normalized.
const TECHNIQUE = { message: "mitreTechnique must be a MITRE ATT&CK technique id such as T1059 or T1059.001, got '$value'" };
const TECHNIQUE_PATTERN = /^\s*[Tt]\d{4}(\.\d{3})?\s*$/;

@ArgsType()
export class HypothesesArgs extends PageArgs {
  @Field(() => ID, { description: "The hunt whose hypotheses to list." })
  @IsHexId()
  huntId: string;

  @Field(() => HypothesisStatus, { nullable: true, description: "Only hypotheses with this status." })
  status?: HypothesisStatus;
}

@ArgsType()
export class HuntHypothesesArgs extends PageArgs {
  @Field(() => HypothesisStatus, { nullable: true, description: "Only hypotheses with this status." })
  status?: HypothesisStatus;
}

@InputType({ description: "A new hypothesis in a hunt." })
export class CreateHypothesisInput {
  @Field(() => ID, { description: "The hunt it belongs to." })
  @IsHexId()
  huntId: string;

  @Field({ description: "Short statement (1 to 256 characters)." })
  @Length(1, 256, TITLE_LENGTH)
  @Matches(/\S/, NOT_BLANK)
  title: string;

  @Field(() => String, { nullable: true, description: "Longer explanation." })
  @IsOptional()
  @MaxLength(100_000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: "MITRE ATT&CK technique id, e.g. T1059.001." })
  @IsOptional()
  @Matches(TECHNIQUE_PATTERN, TECHNIQUE)
  mitreTechnique?: string | null;

  @Field(() => HypothesisStatus, { nullable: true, description: "Initial status (default DRAFT)." })
  @IsOptional()
  @IsEnum(HypothesisStatus)
  status?: HypothesisStatus;

  @Field(() => [Int], { nullable: true, description: "Ids of dataset rows cited as evidence." })
  @IsOptional()
  @ArrayMaxSize(10_000)
  @IsInt({ each: true })
  @Min(1, { each: true, message: "evidenceRowIds must hold positive row ids" })
  evidenceRowIds?: number[] | null;

  @Field(() => String, { nullable: true, description: "Notes on the evidence." })
  @IsOptional()
  @MaxLength(100_000)
  evidenceNotes?: string | null;
}

@InputType({ description: "Changes to a hypothesis; fields left out stay as they are." })
export class UpdateHypothesisInput {
  @Field({ nullable: true, description: "New title (1 to 256 characters)." })
  @Omittable()
  @IsString()
  @Length(1, 256, TITLE_LENGTH)
  @Matches(/\S/, NOT_BLANK)
  title?: string;

  @Field(() => String, { nullable: true, description: "New description; null clears it." })
  @IsOptional()
  @MaxLength(100_000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: "New technique id; null clears it." })
  @IsOptional()
  @Matches(TECHNIQUE_PATTERN, TECHNIQUE)
  mitreTechnique?: string | null;

  @Field(() => HypothesisStatus, { nullable: true, description: "New status." })
  @Omittable()
  @IsEnum(HypothesisStatus, { message: "status cannot be null" })
  status?: HypothesisStatus;

  @Field(() => [Int], { nullable: true, description: "New evidence row ids; null clears them." })
  @IsOptional()
  @ArrayMaxSize(10_000)
  @IsInt({ each: true })
  @Min(1, { each: true, message: "evidenceRowIds must hold positive row ids" })
  evidenceRowIds?: number[] | null;

  @Field(() => String, { nullable: true, description: "New evidence notes; null clears them." })
  @IsOptional()
  @MaxLength(100_000)
  evidenceNotes?: string | null;
}
