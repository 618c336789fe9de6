// A user: ThreatHunt's `users` table, read and written with SQL (the table may be ThreatHunt's own,
// with columns huntgraph does not know), and the GraphQL `User` type. The password hash never leaves.
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "./role";

@ObjectType({ description: "A person who signs in: ThreatHunt's users, with the same roles." })
export class User {
  @Field(() => ID, { description: "32-character hex id (the `sub` of its tokens)." })
  id: string;

  @Field({ description: "The name it signs in with." })
  username: string;

  @Field(() => String, { nullable: true, description: "Its e-mail address, if recorded." })
  email: string | null;

  @Field(() => Role, { description: "What it may do." })
  role: Role;

  @Field({ description: "Whether it may sign in; a disabled user's tokens are refused at once." })
  active: boolean;

  @Field({ description: "When it was created." })
  createdAt: Date;
}

/** A row of `users` as the queries below select it. */
export interface UserRow {
  id: string;
  username: string;
  email: string | null;
  role: string;
  is_active: boolean;
  created_at: Date;
  hashed_password: string;
}

export const USER_COLUMNS = "id, username, email, role, is_active, created_at, hashed_password";

export function toUser(row: UserRow): User {
  return Object.assign(new User(), {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role as Role,
    active: row.is_active,
    createdAt: row.created_at,
  });
}
