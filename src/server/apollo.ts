// The Apollo server: schema, error masking, and draining of in-flight requests on shutdown.
import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLSchema } from "graphql";
import type { Context } from "../graphql/context";
import { formatError } from "../graphql/format-error";

export function createApollo(schema: GraphQLSchema, httpServer?: Server): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // main.ts handles SIGTERM/SIGINT itself: drain, close the database, then exit.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's landing page loads from a CDN; GraphiQL is served at /graphiql instead.
      ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}
