// One entry of the audit trail: who did what, when, from where, and how it ended.
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "One entry of the audit trail: a mutation, an import, a sign-in or an API token's use." })
export class AuditEvent {
  @Field(() => ID, { description: "Its number, growing with time." })
  id: string;

  @Field({ description: "When it happened." })
  at: Date;

  @Field({
    description: "What kind of caller: user, token, open (authentication off, loopback), anonymous, or cli (an operator's command).",
  })
  actorKind: string;

  @Field(() => String, { nullable: true, description: "The caller's user name or token name; null for an anonymous caller." })
  actor: string | null;

  @Field(() => String, { nullable: true, description: "The id of that user or token." })
  actorId: string | null;

  @Field({ description: "What was done: `mutation.<field>`, `import`, `token.use`, or a command such as `cli.users.create`." })
  action: string;

  @Field(() => String, { nullable: true, description: "What it was done to, in words (a hunt, a dataset, a user)." })
  target: string | null;

  @Field({ description: "ok, refused (UNAUTHENTICATED, FORBIDDEN, TOO_MANY_REQUESTS) or failed." })
  outcome: string;

  @Field(() => String, { nullable: true, description: "The error code when it did not succeed." })
  errorCode: string | null;

  @Field(() => String, { nullable: true, description: "The client's address." })
  address: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The arguments, with passwords and secrets replaced by `[redacted]`." })
  details: Record<string, unknown> | null;
}

export interface AuditEventRow {
  id: string;
  at: Date;
  actor_kind: string;
  actor_name: string | null;
  actor_id: string | null;
  action: string;
  target: string | null;
  outcome: string;
  error_code: string | null;
  address: string | null;
  details: Record<string, unknown> | null;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return Object.assign(new AuditEvent(), {
    id: row.id,
    at: row.at,
    actorKind: row.actor_kind,
    actor: row.actor_name,
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    errorCode: row.error_code,
    address: row.address,
    details: row.details,
  });
}
