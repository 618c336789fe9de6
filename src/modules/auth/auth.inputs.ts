// Arguments and inputs of sign-in, users and API tokens, validated before they reach the services
// (which check the rules again for the CLI).
import { IsEmail, IsEnum, IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field, InputType } from "type-graphql";
import { Omittable } from "../../graphql/validation";
import { Role } from "./role";

@ArgsType()
export class LoginArgs {
  @Field({ description: "The user name." })
  @MaxLength(64)
  username: string;

  @Field({ description: "The password." })
  @MaxLength(1024)
  password: string;
}

@ArgsType()
export class RefreshArgs {
  @Field({ description: "A refresh token from login or an earlier refresh." })
  @MaxLength(4096)
  refreshToken: string;
}

@InputType({ description: "A new user." })
export class CreateUserInput {
  @Field({ description: "The name it signs in with: 1 to 64 letters, digits or . _ @ -." })
  username: string;

  @Field({ description: "Its password: 8 characters to 72 bytes." })
  password: string;

  @Field(() => Role, { description: "What it may do." })
  @IsEnum(Role)
  role: Role;

  @Field(() => String, { nullable: true, description: "Its e-mail address." })
  @IsOptional()
  @IsEmail({}, { message: "email must be an e-mail address, got '$value'" })
  email?: string | null;
}

@InputType({ description: "Changes to a user; fields left out stay as they are." })
export class UpdateUserInput {
  @Field(() => Role, { nullable: true, description: "New role." })
  @Omittable()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true, description: "false disables the user: it can no longer sign in, and its tokens are refused at once." })
  @Omittable()
  active?: boolean;

  @Field(() => String, { nullable: true, description: "New e-mail address; null clears it." })
  @IsOptional()
  @IsEmail({}, { message: "email must be an e-mail address, got '$value'" })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "New password: 8 characters to 72 bytes." })
  @Omittable()
  password?: string;
}

@InputType({ description: "A new API token." })
export class CreateApiTokenInput {
  @Field({ description: "Its name (what it is for): 1 to 128 letters, digits, spaces or . _ : @ -." })
  name: string;

  @Field(() => Role, { description: "What it may do." })
  @IsEnum(Role)
  role: Role;

  @Field(() => Date, { nullable: true, description: "When it stops being accepted; left out, it never expires." })
  @IsOptional()
  expiresAt?: Date | null;
}
