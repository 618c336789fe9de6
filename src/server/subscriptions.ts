// Subscriptions over WebSocket (the graphql-ws protocol, as Apollo's clients speak it) at /graphql, beside
// queries and mutations over HTTP. The same rules hold as over HTTP: a caller authenticated from the
// connection's `authorization` parameter (or the upgrade request's header), the query limits, and each root
// field's access rule; errors are masked the same way. Only subscriptions go over the socket.
import type { Server } from "node:http";
import { type ExecutionArgs, type GraphQLSchema, GraphQLError, getOperationAST, parse, validate } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { assertOperationAllowed } from "../graphql/access";
import { createContext } from "../graphql/context";
import { formatError } from "../graphql/format-error";
import { checkQueryLimits, DEFAULT_QUERY_LIMITS, type QueryLimits } from "../graphql/limits";
import type { Caller } from "../modules/auth/caller";
import type { Services } from "../modules/services";
import { ErrorCode, errorCode } from "../shared/errors";
import { logger } from "../shared/logger";

/** What a connection carries once it is accepted. */
type Accepted = { caller?: Caller };

/** graphql-ws's close code for a connection refused at its start (as HTTP's 403). */
const FORBIDDEN_CLOSE = 4403;

function badRequest(message: string): GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
}

/** The execution of one subscription, or the errors that refuse it: the checks of an HTTP request. */
function prepare(
  schema: GraphQLSchema,
  services: Services,
  limits: QueryLimits,
  caller: Caller,
  payload: SubscribePayload,
): ExecutionArgs | readonly GraphQLError[] {
  let document;
  try {
    document = parse(payload.query);
  } catch (error) {
    return [error as GraphQLError];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid;
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return badRequest("Name the operation to run (operationName)");
  if (operation.operation !== "subscription") {
    return badRequest(`Only subscriptions go over the WebSocket; send a ${operation.operation} as an HTTP POST to /graphql`);
  }
  const variables = payload.variables ?? {};
  const tooMuch = checkQueryLimits(schema, document, limits, variables, payload.operationName ?? undefined);
  if (tooMuch) return [tooMuch];
  try {
    assertOperationAllowed(schema, document, operation, variables, caller);
  } catch (error) {
    return [error as GraphQLError];
  }
  return {
    schema,
    document,
    variableValues: variables,
    operationName: payload.operationName,
    contextValue: createContext(services, undefined, caller),
  };
}

/** Starts answering subscriptions on `http`; the returned function stops it and closes its sockets. */
export function serveSubscriptions(
  http: Server,
  schema: GraphQLSchema,
  services: Services,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): () => Promise<void> {
  const sockets = new WebSocketServer({ server: http, path: "/graphql" });
  const server = useServer<Record<string, unknown> | undefined, Accepted>(
    {
      schema,
      async onConnect(ctx) {
        const sent = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof sent === "string" ? sent : ctx.extra.request.headers.authorization;
        try {
          ctx.extra.caller = await services.auth.authenticate(header, ctx.extra.request.socket.remoteAddress);
          return true;
        } catch (error) {
          if (errorCode(error) !== ErrorCode.UNAUTHENTICATED) logger.error({ err: error }, "a subscription's connection failed");
          ctx.extra.socket.close(FORBIDDEN_CLOSE, error instanceof GraphQLError ? error.message.slice(0, 120) : "Forbidden");
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => prepare(schema, services, limits, ctx.extra.caller!, payload),
      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => formatError(error.toJSON(), error));
      },
    },
    sockets,
  );
  return async () => {
    await server.dispose();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  };
}
