// GraphQL API of sign-in (ThreatHunt's tokens), users and API tokens.
import { Arg, Args, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import type { Context } from "../../graphql/context";
import { PayloadType, payloadsOf } from "../../graphql/payload";
import { ApiToken, CreatedApiToken } from "./api-token.type";
import { CreateApiTokenInput, CreateUserInput, LoginArgs, RefreshArgs, UpdateUserInput } from "./auth.inputs";
import type { TokenPair } from "./jwt";
import { Role } from "./role";
import { User } from "./user.type";

@ObjectType("SignInPayload", { description: "What signing in returns: ThreatHunt's tokens for the user." })
class SignIn {
  @Field({ description: 'The access token, to send as "Authorization: Bearer <token>".' })
  accessToken: string;

  @Field({ description: "The refresh token, for refreshToken once the access token has expired." })
  refreshToken: string;

  @Field({ description: 'Always "bearer".' })
  tokenType: string;

  @Field(() => Int, { description: "Seconds until the access token expires (JWT_ACCESS_TOKEN_MINUTES)." })
  expiresIn: number;

  @Field(() => User, { description: "Who signed in." })
  user: User;
}

@ObjectType({ description: "Who is asking, as the server sees it." })
class Me {
  @Field({ description: "user, token (an API token), or open (authentication is off: every caller on this machine is an admin)." })
  kind: string;

  @Field({ description: "The user name, the token name, or 'local'." })
  name: string;

  @Field(() => Role, { description: "What the caller may do." })
  role: Role;

  @Field(() => User, { nullable: true, description: "The user, when a user is signed in." })
  user: User | null;
}

const signIn = (pair: TokenPair & { user: User }): SignIn => Object.assign(new SignIn(), { ...pair, tokenType: "bearer" });

const userPayload = payloadsOf<"user", User>("user", () => User, "The user, as it is now.");
const CreateUserPayload = userPayload("CreateUserPayload", "creating a user");
const UpdateUserPayload = userPayload("UpdateUserPayload", "changing a user");
const RevokeApiTokenPayload = PayloadType<"apiToken", ApiToken>("RevokeApiTokenPayload", "apiToken", () => ApiToken, {
  payload: "What revoking an API token returns.",
  field: "The token, revoked.",
});

@Resolver()
export class AuthResolver {
  @Mutation(() => SignIn, {
    description: "Signs in with a ThreatHunt user name and password. Failed attempts are limited per user name and per address.",
  })
  @Access("public")
  async login(@Args() { username, password }: LoginArgs, @Ctx() { services, caller }: Context): Promise<SignIn> {
    return signIn(await services.auth.login(username, password, caller.address));
  }

  @Mutation(() => SignIn, { description: "A new access and refresh token for a refresh token, while its user is active." })
  @Access("public")
  async refreshToken(@Args() { refreshToken }: RefreshArgs, @Ctx() { services }: Context): Promise<SignIn> {
    return signIn(await services.auth.refresh(refreshToken));
  }

  @Query(() => Me, { description: "Who is asking." })
  @Access("viewer")
  async me(@Ctx() { services, caller }: Context): Promise<Me> {
    const user = caller.kind === "user" ? await services.users.byId(caller.id) : null;
    return Object.assign(new Me(), { kind: caller.kind, name: caller.name, role: caller.role, user });
  }

  @Query(() => [User], { description: "Every user, by user name." })
  @Access("admin")
  users(@Ctx() { services }: Context): Promise<User[]> {
    return services.users.list();
  }

  @Mutation(() => CreateUserPayload, { description: "Creates a user, who can sign in to huntgraph and to ThreatHunt." })
  @Access("admin")
  async createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() { services }: Context): Promise<{ user: User }> {
    return { user: await services.users.create(input) };
  }

  @Mutation(() => UpdateUserPayload, { description: "Changes a user's role, e-mail, password, or whether it may sign in." })
  @Access("admin")
  async updateUser(
    @Arg("username") username: string,
    @Arg("input", () => UpdateUserInput) { password, ...changes }: UpdateUserInput,
    @Ctx() { services }: Context,
  ): Promise<{ user: User }> {
    if (password !== undefined) await services.users.setPassword(username, password);
    return { user: await services.users.update(username, changes) };
  }

  @Query(() => [ApiToken], { description: "Every API token, live ones first, by name. Secrets are never shown." })
  @Access("admin")
  apiTokens(@Ctx() { services }: Context): Promise<ApiToken[]> {
    return services.apiTokens.list();
  }

  @Mutation(() => CreatedApiToken, { description: "Makes an API token; its secret is in the answer, and never again." })
  @Access("admin")
  createApiToken(
    @Arg("input", () => CreateApiTokenInput) input: CreateApiTokenInput,
    @Ctx() { services, caller }: Context,
  ): Promise<CreatedApiToken> {
    return services.apiTokens.create({ ...input, createdBy: caller.name });
  }

  @Mutation(() => RevokeApiTokenPayload, {
    description: "Revokes a live API token, by name or id: it is refused from the next request on.",
  })
  @Access("admin")
  async revokeApiToken(
    @Arg("name", { description: "Its name or id." }) name: string,
    @Ctx() { services }: Context,
  ): Promise<{ apiToken: ApiToken }> {
    return { apiToken: await services.apiTokens.revoke(name) };
  }
}
