// Arguments and inputs of the hunt API, validated before they reach the service.
import { IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IdArgs, IsHexId, Omittable } from "../../graphql/validation";
import { HuntStatus } from "./hunt.entity";

const NAME_LENGTH = { message: "name must be 1 to 256 characters long" };
const NOT_BLANK = { message: "$property must not be blank" };

@ArgsType()
export class HuntsArgs extends PageArgs {
  @Field(() => HuntStatus, { nullable: true, description: "Only hunts with this status." })
  status?: HuntStatus;
}

@InputType({ description: "A new hunt." })
export class CreateHuntInput {
  @Field({ description: "Name of the hunt (1 to 256 characters)." })
  @Length(1, 256, NAME_LENGTH)
  @Matches(/\S/, NOT_BLANK)
  name: string;

  @Field(() => String, { nullable: true, description: "Free-text description." })
  @IsOptional()
  @MaxLength(100_000)
  description?: string | null;

  @Field(() => HuntStatus, { nullable: true, description: "Initial status (default ACTIVE)." })
  @IsOptional()
  @IsEnum(HuntStatus)
  status?: HuntStatus;

  @Field(() => String, {
    nullable: true,
    description: "Id of the owning user (at most 32 characters); left out, the signed-in user who creates it.",
  })
  @IsOptional()
  @MaxLength(32)
  ownerId?: string | null;

  @Field({
    nullable: true,
    description: "Whether only its owner, its members and admins see it (default false: every user sees it, as in ThreatHunt).",
  })
  @IsOptional()
  restricted?: boolean;
}

@InputType({ description: "Changes to a hunt; fields left out stay as they are." })
export class UpdateHuntInput {
  @Field({ nullable: true, description: "New name (1 to 256 characters)." })
  @Omittable()
  @IsString()
  @Length(1, 256, NAME_LENGTH)
  @Matches(/\S/, NOT_BLANK)
  name?: string;

  @Field(() => String, { nullable: true, description: "New description; null clears it." })
  @IsOptional()
  @MaxLength(100_000)
  description?: string | null;

  @Field(() => HuntStatus, { nullable: true, description: "New status." })
  @Omittable()
  @IsEnum(HuntStatus, { message: "status cannot be null" })
  status?: HuntStatus;

  @Field(() => String, { nullable: true, description: "New owner id; null clears it." })
  @IsOptional()
  @MaxLength(32)
  ownerId?: string | null;
}

@ArgsType()
export class RestrictHuntArgs extends IdArgs {
  @Field({ description: "true: only its owner, its members and admins see it; false: every user does." })
  restricted: boolean;
}

@ArgsType()
export class HuntMemberArgs {
  @Field(() => ID, { description: "The hunt's id." })
  @IsHexId()
  huntId: string;

  @Field({ description: "The member's user name." })
  @MaxLength(64)
  username: string;
}
