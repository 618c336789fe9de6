// GraphQL API of the audit trail, for admins.
import { MaxLength } from "class-validator";
import { Args, ArgsType, Ctx, Field, Query, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { AuditEvent } from "./audit-event.type";

const AuditEventConnection = ConnectionType(AuditEvent, "AuditEvent", "audit entry", "audit entries");

@ArgsType()
class AuditEventsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only this caller's entries (a user name or token name)." })
  @MaxLength(128)
  actor?: string;

  @Field(() => String, { nullable: true, description: "Only this action, such as `mutation.deleteHunt`, `import` or `token.use`." })
  @MaxLength(64)
  action?: string;

  @Field(() => Date, { nullable: true, description: "Only entries from this time on." })
  since?: Date;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: "The audit trail, newest first." })
  @Access("admin")
  async auditEvents(@Args() args: AuditEventsArgs, @Ctx() { services }: Context): Promise<Connection<AuditEvent>> {
    const page = pageOf(args);
    return connection(await services.audit.list(args, page), page, () => services.audit.count(args));
  }
}
