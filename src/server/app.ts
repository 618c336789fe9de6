// The HTTP server: /graphql, /graphiql, /healthz, the streaming CSV upload, and a clean shutdown.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Response } from "express";
import type { Database } from "../database/data-source";
import { type Context, createContext } from "../graphql/context";
import type { QueryLimits } from "../graphql/limits";
import { buildHuntgraphSchema } from "../graphql/schema";
import { createServices } from "../modules/services";
import { createApollo } from "./apollo";
import { graphiqlRouter } from "./graphiql";
import { DatabaseHealth } from "./health";
import { errorHandler, notFoundHandler } from "./http-errors";
import { type UploadLimits, uploadRouter } from "./upload";

export interface RunningServer {
  url: string;
  http: Server;
  apollo: ApolloServer<Context>;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** A signal aborted when the client closes the connection before its answer has been sent whole. */
function untilClientLeaves(res: Response): AbortSignal {
  const left = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) left.abort(new Error("the client went away before its answer was complete"));
  });
  return left.signal;
}

export interface ServerOptions {
  host: string;
  port: number;
  queryLimits?: QueryLimits;
  uploadLimits?: UploadLimits;
  maxImports?: number;
}

export async function startServer(database: Database, options: ServerOptions): Promise<RunningServer> {
  const schema = await buildHuntgraphSchema();
  const services = createServices(database, { maxImports: options.maxImports });
  const app = express();
  const http = createServer(app);
  const apollo = createApollo(schema, http, options.queryLimits);
  await apollo.start();

  app.disable("x-powered-by");
  const health = new DatabaseHealth(database);
  health.start();
  // From the last probe: never waits for the pool or the database.
  app.get("/healthz", (_req, res) => {
    const available = health.available;
    res.status(available ? 200 : 503).json({ status: available ? "ok" : "unavailable", database: database.kind });
  });
  app.use("/graphiql", graphiqlRouter());
  app.use(uploadRouter(services, options.uploadLimits));
  app.use(
    "/graphql",
    express.json({ limit: "10mb" }),
    expressMiddleware(apollo, { context: async ({ res }) => createContext(services, untilClientLeaves(res)) }),
  );
  app.get("/", (_req, res) => res.redirect("/graphiql"));
  app.use(notFoundHandler);
  app.use(errorHandler);

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, resolve);
  });
  const address = http.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health.stop();
      await apollo.stop();
      await database.close();
    })());
  return { url, http, apollo, stop };
}
