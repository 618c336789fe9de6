// A PostgreSQL outage, made by a TCP proxy between the server and PostgreSQL that cuts every connection
// and refuses new ones, then lets them through again: requests fail fast with DATABASE_UNAVAILABLE
// (503 on plain HTTP routes), /healthz says so, the log gets one line when it starts and one when it
// ends, and the server recovers by itself. PostgreSQL only (the embedded database has no network); it
// runs in CI's PostgreSQL pass.
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket, connect } from "node:net";
import { type Database, migrate, openDatabase } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { logger } from "../../../src/shared/logger";
import { onPostgres } from "../../support/database";
import { waitFor } from "../../support/ingest";

/** Forwards connections to PostgreSQL until cut; while cut, closes every connection it is offered. */
class CuttableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private cut = false;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.cut) return void client.destroy();
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as { port: number }).port;
  }

  cutAll(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const HUNTS = `{ hunts { totalCount } }`;

(onPostgres ? describe : describe.skip)("a PostgreSQL outage", () => {
  const target = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  const schema = `outage_${randomBytes(6).toString("hex")}`;
  let proxy: CuttableProxy;
  let database: Database;
  let server: RunningServer;

  beforeAll(async () => {
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.port = String(await proxy.listen());
    database = await openDatabase({ kind: "postgres", url: viaProxy.toString(), schema });
    await migrate(database.dataSource);
    server = await startServer(database, { host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    proxy.restore();
    await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await server.stop();
    await proxy.close();
  });

  const graphql = async (query: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
  };
  const health = async () => (await fetch(`${server.url}/healthz`)).status;

  it("fails requests fast and coded while it lasts, logs it once, and recovers by itself", async () => {
    expect(await graphql(HUNTS)).toEqual({ data: { hunts: { totalCount: 0 } } });
    const errors = jest.spyOn(logger, "error");
    const infos = jest.spyOn(logger, "info");
    try {
      proxy.cutAll();
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 20 }, () => graphql(HUNTS)));
      expect(performance.now() - started).toBeLessThan(6000);
      for (const answer of answers) {
        expect(answer.errors).toEqual([
          expect.objectContaining({
            message: "The database is unavailable; the server retries on its own: try again shortly",
            extensions: { code: "DATABASE_UNAVAILABLE" },
          }),
        ]);
      }
      const upload = await fetch(`${server.url}/hunts/${"a".repeat(32)}/datasets?filename=x.csv`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: "host,ip\nws1,10.0.0.1\n",
      });
      expect(upload.status).toBe(503);
      expect(((await upload.json()) as any).error.code).toBe("DATABASE_UNAVAILABLE");
      await waitFor(async () => (await health()) === 503, "/healthz to report the outage");

      const outageLines = () => errors.mock.calls.filter((call) => String(call[1]).startsWith("the database is unavailable"));
      expect(outageLines()).toHaveLength(1);
      // nothing else was logged as an error: no stack per failed request
      expect(errors).toHaveBeenCalledTimes(1);

      proxy.restore();
      await waitFor(async () => (await health()) === 200, "/healthz to report the database back");
      expect(infos.mock.calls.filter((call) => call[1] === "the database is available again")).toHaveLength(1);
      await waitFor(async () => (await graphql(HUNTS)).data !== undefined, "requests to succeed again");
      expect(await graphql(HUNTS)).toEqual({ data: { hunts: { totalCount: 0 } } });
    } finally {
      errors.mockRestore();
      infos.mockRestore();
    }
  }, 60_000);
});
