// The Apollo server: schema, error masking, limits on what one operation may ask, who may run it, its
// audit entries, and the answer of work cancelled by a shutdown.
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { accessPlugin } from "../graphql/access";
import { auditPlugin } from "../graphql/audit-plugin";
import type { Context } from "../graphql/context";
import { formatError } from "../graphql/format-error";
import { DEFAULT_QUERY_LIMITS, type QueryLimits, queryLimitsPlugin } from "../graphql/limits";
import { nulGuardPlugin } from "../graphql/nul-guard";
import { shutdownErrorsPlugin } from "../graphql/shutdown-errors";

export function createApollo(
  schema: GraphQLSchema,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  introspection = true,
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection,
    // serve.ts handles SIGTERM/SIGINT itself (server/shutdown.ts drains the HTTP server), then closes the database.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's landing page loads from a CDN; GraphiQL is served at /graphiql instead.
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin(limits),
      accessPlugin(),
      auditPlugin(),
      nulGuardPlugin(),
      shutdownErrorsPlugin(),
    ],
  });
}
