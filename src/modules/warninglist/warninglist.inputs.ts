// Arguments of the warninglist API, validated before they reach the service.
import { IsEnum, IsOptional, Length } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { WarninglistRole } from "./warninglist.entity";

@ArgsType()
export class UpdateWarninglistArgs {
  @Field({ description: "The list's name (as `warninglists` gives it)." })
  @Length(1, 200)
  name: string;

  @Field(() => Boolean, { nullable: true, description: "Whether its matches count (leave out to keep)." })
  @IsOptional()
  enabled?: boolean | null;

  @Field(() => WarninglistRole, { nullable: true, description: "What its matches do (leave out to keep)." })
  @IsOptional()
  @IsEnum(WarninglistRole)
  role?: WarninglistRole | null;
}
