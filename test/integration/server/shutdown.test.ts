// Stopping the server with an upload in flight: one that finishes within the deadline is imported and
// answered whole; one still running at the deadline is rolled back and answered 503 SHUTTING_DOWN, whole;
// nothing new is accepted meanwhile. The uploads trickle their body from a raw HTTP client.
import { request } from "node:http";
import type { Database } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { openTestDatabase } from "../../support/database";

const HEADER = "Timestamp,Hostname,Dst IP\n";
const ROW = (i: number) => `2025-01-01T00:00:${String(i % 60).padStart(2, "0")}Z,WS-${i},198.51.100.${i % 250}\n`;

interface Answer {
  status: number;
  body: string;
  /** Whether the body came whole (the connection ended cleanly). */
  complete: boolean;
}

/** Starts an upload whose body comes in two parts; `second()` sends the rest. */
function trickle(url: string, huntId: string): { answer: Promise<Answer>; second(): void } {
  const req = request(`${url}/hunts/${huntId}/datasets?filename=slow.csv`, { method: "POST", headers: { "content-type": "text/csv" } });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body, complete: res.complete }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  req.write(HEADER + ROW(1));
  return {
    answer,
    second() {
      req.end(ROW(2) + ROW(3));
    },
  };
}

const databases: Database[] = [];
afterAll(() => Promise.all(databases.map((database) => database.close())));

/** A server whose stop leaves its database open, so that the test can look at what was kept. */
async function serverWithDeadline(shutdownMs: number): Promise<{ server: RunningServer; database: Database; huntId: string }> {
  const database = await openTestDatabase();
  databases.push(database);
  const server = await startServer({ ...database, close: async () => undefined }, { host: "127.0.0.1", port: 0, shutdownMs });
  const hunt = await server.services.hunts.create({ name: "Shutdown" });
  return { server, database, huntId: hunt.id };
}

const datasetsOf = async (database: Database, huntId: string): Promise<number> =>
  (await database.dataSource.query(`SELECT count(*)::int AS n FROM datasets WHERE hunt_id = $1`, [huntId]))[0].n;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("lets an upload in flight finish within the deadline, answering it whole, and refuses new connections meanwhile", async () => {
  const { server, database, huntId } = await serverWithDeadline(10_000);
  const upload = trickle(server.url, huntId);
  await pause(200);
  const stopped = server.stop();
  await pause(200);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  upload.second();
  const answer = await upload.answer;
  expect([answer.status, answer.complete, JSON.parse(answer.body).dataset.rowCount]).toEqual([201, true, 3]);
  await stopped;
  expect(await datasetsOf(database, huntId)).toBe(1);
});

it("rolls back an upload still running at the deadline and answers it 503 SHUTTING_DOWN, whole", async () => {
  const { server, database, huntId } = await serverWithDeadline(300);
  const upload = trickle(server.url, huntId);
  await pause(200);
  const started = performance.now();
  const stopped = server.stop();
  const answer = await upload.answer;
  expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  expect([answer.status, answer.complete]).toEqual([503, true]);
  expect(JSON.parse(answer.body)).toEqual({
    error: {
      code: "SHUTTING_DOWN",
      message: "the server is shutting down: this request did not finish in time and nothing of it was stored; send it again",
    },
  });
  await stopped;
  expect(await datasetsOf(database, huntId)).toBe(0);
});
