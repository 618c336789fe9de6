// The Apollo server: schema, error masking, limits on what one operation may ask, and draining of in-flight requests on shutdown.
import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLSchema } from "graphql";
import { accessPlugin } from "../graphql/access";
import { auditPlugin } from "../graphql/audit-plugin";
import type { Context } from "../graphql/context";
import { formatError } from "../graphql/format-error";
import { DEFAULT_QUERY_LIMITS, type QueryLimits, queryLimitsPlugin } from "../graphql/limits";
import { nulGuardPlugin } from "../graphql/nul-guard";

export function createApollo(
  schema: GraphQLSchema,
  httpServer?: Server,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  introspection = true,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection,
    // main.ts handles SIGTERM/SIGINT itself: drain, close the database, then exit.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's landing page loads from a CDN; GraphiQL is served at /graphiql instead.
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin(limits),
      accessPlugin(),
      auditPlugin(),
      nulGuardPlugin(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}
