// An API token for a service (a UI backend, a SOAR, a nightly import): named, with a role and an optional
// expiry. The secret is shown once, when it is made; only its SHA-256 is stored.
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "./role";

@ObjectType({ description: "An API token: a bearer credential for a service, with a role. Its secret is never shown again." })
export class ApiToken {
  @Field(() => ID, { description: "32-character hex id." })
  id: string;

  @Field({ description: "Its name, unique among tokens that are not revoked." })
  name: string;

  @Field(() => Role, { description: "What it may do." })
  role: Role;

  @Field(() => String, { nullable: true, description: "Who made it." })
  createdBy: string | null;

  @Field({ description: "When it was made." })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "When it stops being accepted; null for never." })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was last used (to the minute); null if never." })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was revoked; null while it is live." })
  revokedAt: Date | null;
}

@ObjectType("CreateApiTokenPayload", {
  description: "What making an API token returns: the token, with its secret, the only time the secret is shown.",
})
export class CreatedApiToken {
  @Field({ description: 'The secret, to send as "Authorization: Bearer <secret>". Store it now: it cannot be shown again.' })
  secret: string;

  @Field(() => ApiToken, { description: "The token." })
  token: ApiToken;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  role: Role;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const API_TOKEN_COLUMNS = "id, name, role, created_by, created_at, expires_at, last_used_at, revoked_at";

export function toApiToken(row: ApiTokenRow): ApiToken {
  return Object.assign(new ApiToken(), {
    id: row.id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  });
}
