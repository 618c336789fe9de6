// The HTTP server: /graphql, /graphiql, /healthz, the streaming CSV upload, and a clean shutdown; who may
// call what is declared on each route and each GraphQL field.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type Express, type Request, type Response } from "express";
import type { GraphQLError } from "graphql";
import type { Database } from "../database/data-source";
import { ReplicaRouter } from "../database/replica";
import { type Context, createContext } from "../graphql/context";
import type { QueryLimits } from "../graphql/limits";
import { buildHuntgraphSchema } from "../graphql/schema";
import type { Caller } from "../modules/auth/caller";
import type { TokenSettings } from "../modules/auth/jwt";
import { WebhookSender, type WebhookSettings } from "../modules/links/webhook";
import { createReplicaServices, createServices, type Services } from "../modules/services";
import { ErrorCode, errorCode, HTTP_STATUS } from "../shared/errors";
import { createApollo } from "./apollo";
import { assertSafeBinding } from "./binding";
import { graphiqlRouter } from "./graphiql";
import { DatabaseHealth, Readiness } from "./health";
import { errorHandler, notFoundHandler } from "./http-errors";
import { Metrics } from "./metrics";
import { notingWrites, type ReadRouting, servicesFor } from "./read-routing";
import { DEFAULT_SLOW_REQUEST_MS, reportOf, requestLog } from "./request-log";
import { clientAddress, requires } from "./route-access";
import { securityHeaders } from "./security-headers";
import { Shutdown } from "./shutdown";
import { serveSubscriptions } from "./subscriptions";
import { type UploadLimits, uploadRouter } from "./upload";

export interface RunningServer {
  url: string;
  http: Server;
  apollo: ApolloServer<Context>;
  app: Express;
  services: Services;
  /** Stops taking requests, lets in-flight ones finish until the deadline (then cancels them), then closes the database. */
  stop(): Promise<void>;
}

/**
 * A request's signal: aborted when its client closes the connection before the answer has been sent
 * whole, or when a shutdown's deadline passes (`stopping`). Its listener on `stopping` goes with the
 * request (with AbortSignal.any over the server-wide signal, the server RSS grew during a soak).
 */
function requestSignal(res: Response, stopping: AbortSignal): AbortSignal {
  const request = new AbortController();
  const onStop = () => request.abort(stopping.reason);
  stopping.addEventListener("abort", onStop, { once: true });
  res.once("close", () => {
    stopping.removeEventListener("abort", onStop);
    if (!res.writableFinished) request.abort(new Error("the client went away before its answer was complete"));
  });
  return request.signal;
}

export interface ServerOptions {
  host: string;
  port: number;
  queryLimits?: QueryLimits;
  uploadLimits?: UploadLimits;
  maxImports?: number;
  /** Authentication (JWT_SECRET); left out or null: off, and the server listens on loopback only. */
  tokens?: TokenSettings | null;
  /** Browser origins allowed to call the API (CORS_ORIGINS). */
  corsOrigins?: string[];
  /** Whether the schema may be introspected (default true). */
  introspection?: boolean;
  /** Whether GraphiQL is served at /graphiql (default true). */
  graphiql?: boolean;
  /** Requests slower than this are logged at warn (default DEFAULT_SLOW_REQUEST_MS). */
  slowRequestMs?: number;
  /** How long requests in flight may run once a stop begins (default DEFAULT_SHUTDOWN_MS). */
  shutdownMs?: number;
  /** Where new cross-hunt links are POSTed; null or left out: no webhook. */
  webhook?: WebhookSettings | null;
  /** A streaming replica for read-only requests (DATABASE_READ_URL): how to open it, and how far behind it may be. */
  replica?: { open: () => Promise<Database>; maxLagMs?: number };
}

/** The webhook's sender, started; null without one. */
function startWebhook(database: Database, services: Services, settings: WebhookSettings | null | undefined): WebhookSender | null {
  if (!settings) return null;
  const sender = new WebhookSender(database.dataSource, services.links, services.hunts, () => database.notifications(), settings);
  sender.start();
  return sender;
}

/** The read replica's router and services, started; undefined without one. */
async function startReadRouting(database: Database, services: Services, options: ServerOptions): Promise<ReadRouting | undefined> {
  if (!options.replica) return undefined;
  const router = new ReplicaRouter(database, options.replica.open, options.replica.maxLagMs);
  await router.start();
  let replicaServices: Services | null = null;
  return {
    router,
    services: () => (replicaServices ??= router.replica ? createReplicaServices(router.replica, services) : null),
  };
}

/**
 * The HTTP context of a GraphQL request: who it is from, the database it runs on (with a read replica),
 * and a signal for when its client leaves.
 */
async function requestContext(
  services: Services,
  req: Request,
  res: Response,
  stopping: AbortSignal,
  routing: ReadRouting | undefined,
): Promise<Context> {
  let caller: Caller;
  try {
    caller = await services.auth.authenticate(req.headers.authorization, clientAddress(req));
  } catch (error) {
    if (errorCode(error) === ErrorCode.UNAUTHENTICATED) {
      res.set("WWW-Authenticate", 'Bearer realm="huntgraph"');
      (error as GraphQLError).extensions.http = { status: HTTP_STATUS.UNAUTHENTICATED };
    }
    throw error;
  }
  // the request's work is cancelled when its client leaves, or when a shutdown's deadline passes
  return createContext(servicesFor(routing, services, req, res, caller), requestSignal(res, stopping), caller, reportOf(res));
}

/** /healthz, /livez, /readyz and /metrics: what an operator's probes and Prometheus read. */
function addOperationsRoutes(app: Express, database: Database, services: Services, health: DatabaseHealth, metrics: Metrics): void {
  const readiness = new Readiness(database, health);
  // From the last probe: never waits for the pool or the database.
  app.get("/healthz", requires(services.auth, "public"), (_req, res) => {
    const available = health.available;
    res.status(available ? 200 : 503).json({ status: available ? "ok" : "unavailable", database: database.kind });
  });
  app.get("/livez", requires(services.auth, "public"), (_req, res) => {
    res.json({ status: "alive" });
  });
  app.get("/readyz", requires(services.auth, "public"), async (_req, res) => {
    const state = await readiness.state();
    res
      .status(state.ready ? 200 : 503)
      .json({ status: state.ready ? "ready" : "not ready", database: state.database, migrations: state.migrations });
  });
  app.get("/metrics", requires(services.auth, "viewer"), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

export async function startServer(database: Database, options: ServerOptions): Promise<RunningServer> {
  await assertSafeBinding(options.host, Boolean(options.tokens));
  const schema = await buildHuntgraphSchema();
  const metrics = new Metrics(database);
  const services = createServices(database, { maxImports: options.maxImports, tokens: options.tokens, onImport: metrics.countImport });
  const app = express();
  const http = createServer(app);
  const apollo = createApollo(schema, options.queryLimits, options.introspection ?? true);
  const routing = await startReadRouting(database, services, options);
  await apollo.start();
  const shutdown = new Shutdown(http, options.shutdownMs);

  app.disable("x-powered-by");
  app.use(shutdown.track);
  app.use(requestLog(options.slowRequestMs ?? DEFAULT_SLOW_REQUEST_MS));
  app.use(metrics.observe);
  app.use(securityHeaders());
  if (options.corsOrigins?.length) app.use(cors({ origin: options.corsOrigins, maxAge: 600 }));
  const health = new DatabaseHealth(database);
  health.start();
  addOperationsRoutes(app, database, services, health, metrics);
  if (options.graphiql ?? true) {
    app.use("/graphiql", graphiqlRouter(services.auth));
    app.get("/", requires(services.auth, "public"), (_req, res) => res.redirect("/graphiql"));
  }
  if (routing) app.use("/hunts", notingWrites(routing));
  app.use(uploadRouter(services, options.uploadLimits, shutdown.signal));
  // each operation's root fields declare what they need (graphql/access)
  app.use(
    "/graphql",
    express.json({ limit: "10mb" }),
    expressMiddleware(apollo, { context: ({ req, res }) => requestContext(services, req, res, shutdown.signal, routing) }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler);
  const stopSubscriptions = serveSubscriptions(http, schema, services, options.queryLimits);
  const webhook = startWebhook(database, services, options.webhook);

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
      // open sockets would keep the HTTP server from closing
      await stopSubscriptions();
      await webhook?.stop();
      await shutdown.stop();
      await routing?.router.stop();
      health.stop();
      await apollo.stop();
      await services.audit.flush();
      await database.close();
    })());
  return { url, http, apollo, app, services, stop };
}
