// Work for a client that has gone away is cancelled: a heavy statement in PostgreSQL itself, and a
// cached computation only once every request waiting for it has gone.
import type { Database } from "../../../src/database/data-source";
import { HeavyWork } from "../../../src/database/heavy-work";
import { Correlation } from "../../../src/modules/correlation/correlation";
import { ResultCache } from "../../../src/modules/correlation/result-cache";
import { onPostgres, openTestDatabase } from "../../support/database";
import { waitFor } from "../../support/ingest";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const sleeping = async () =>
  (
    await database.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`,
    )
  )[0].n;

(onPostgres ? it : it.skip)(
  "cancels a running statement in PostgreSQL when its signal aborts, and the connection serves the next user",
  async () => {
    const heavy = new HeavyWork(database.dataSource, true);
    const stop = new AbortController();
    const running = heavy.query("SELECT pg_sleep(30)", [], stop.signal);
    await waitFor(async () => (await sleeping()) === 1, "the statement to run");
    stop.abort(new Error("the client went away"));
    await expect(running).rejects.toThrow(/canceling statement due to user request/);
    expect(await sleeping()).toBe(0);
    // every pooled connection answers its next statement normally
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => heavy.query<{ n: number }[]>("SELECT $1::int AS n", [i])));
    expect(answers.map(([{ n }]) => n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  },
);

it("does not start a statement whose signal has already aborted", async () => {
  const stop = new AbortController();
  stop.abort(new Error("gone"));
  await expect(new HeavyWork(database.dataSource, onPostgres).query("SELECT 1", [], stop.signal)).rejects.toThrow("gone");
});

describe("a shared computation", () => {
  const correlationFor = (signal?: AbortSignal) => new Correlation(["a", "b"], true, async () => [], signal);

  /** A computation that ends only when told, or when its signal aborts. */
  function pending() {
    let signal: AbortSignal | undefined;
    let finish!: (value: string) => void;
    const compute = (given: AbortSignal) => {
      signal = given;
      return new Promise<string>((resolve, reject) => {
        finish = resolve;
        given.addEventListener("abort", () => reject(given.reason));
      });
    };
    return { compute, aborted: () => signal?.aborted, finish: (value: string) => finish(value) };
  }

  it("goes on while one of the requests waiting for it remains, and is cancelled when the last one leaves", async () => {
    const cache = new ResultCache(database.dataSource);
    const work = pending();
    const [first, second] = [new AbortController(), new AbortController()];
    const a = cache.get(correlationFor(first.signal), "k", work.compute);
    const b = cache.get(correlationFor(second.signal), "k", work.compute);
    await waitFor(() => work.aborted() !== undefined, "the computation to start");
    first.abort(new Error("first left"));
    expect(work.aborted()).toBe(false);
    second.abort(new Error("second left"));
    expect(work.aborted()).toBe(true);
    await expect(Promise.all([a, b])).rejects.toThrow("second left");
    // not remembered: the next request computes afresh
    const again = pending();
    const c = cache.get(correlationFor(), "k", again.compute);
    await waitFor(() => again.aborted() !== undefined, "the new computation to start");
    again.finish("fresh");
    expect(await c).toBe("fresh");
  });

  it("is never cancelled while a request without a signal waits for it", async () => {
    const cache = new ResultCache(database.dataSource);
    const work = pending();
    const leaving = new AbortController();
    const a = cache.get(correlationFor(leaving.signal), "k2", work.compute);
    const b = cache.get(correlationFor(), "k2", work.compute);
    await waitFor(() => work.aborted() !== undefined, "the computation to start");
    leaving.abort(new Error("left"));
    expect(work.aborted()).toBe(false);
    work.finish("done");
    expect(await Promise.all([a, b])).toEqual(["done", "done"]);
  });
});
