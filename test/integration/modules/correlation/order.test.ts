// The orders of IOC and host overlaps. Counts of different digit lengths (9, 37, 256, 1,204) tell a numeric
// order (1204, 256, 37, 9) from a text one ("9" > "37" > "256" > "1204"). Made by hand: hunt A repeats each
// address and host count - 1 times, hunt B holds it once, and one more address and host (WIDE) is in all
// three hunts once each, undated. Each value's rows carry a time of its own, so that LAST_SEEN differs
// from every other order.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, Hunting } from "../../../support/hunting";

const ORDER = `query Order($orderBy: OverlapOrder) {
  correlation {
    iocOverlaps(orderBy: $orderBy, iocType: IP) { nodes { value rowCount huntCount lastSeen } }
    hostOverlaps(orderBy: $orderBy) { nodes { hostname rowCount huntCount lastSeen prevalence { hunts totalHunts datasets totalDatasets } } }
  }
}`;
const DEFAULT_ORDER = `query DefaultOrder { correlation { iocOverlaps(iocType: IP, orderBy: ROW_COUNT) { nodes { value } } hostOverlaps { nodes { hostname } } } }`;

const WIDE = 3;
const COUNTS = [9, 37, 256, 1204];
const ip = (count: number) => (count === WIDE ? "203.0.113.7" : `198.51.100.${count % 250}`);
const host = (count: number) => (count === WIDE ? "DC-01" : `WS-${count}`);
/** The time of every row of a value: 37 latest, then 1204, 9, 256; WIDE has none. */
const LAST_SEEN: Record<number, string | null> = {
  37: "2024-03-05T00:00:00.000Z",
  1204: "2024-03-04T00:00:00.000Z",
  9: "2024-03-03T00:00:00.000Z",
  256: "2024-03-02T00:00:00.000Z",
  [WIDE]: null,
};

let database: Database;
let api: TestApi;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  const hunting = new Hunting(api);
  const line = (count: number) => `${LAST_SEEN[count] ?? ""},${host(count)},${ip(count)}`;
  const lines = (repeat: (count: number) => number) => [
    ...COUNTS.flatMap((count) => Array.from({ length: repeat(count) }, () => line(count))),
    line(WIDE),
  ];
  const [a, b, c] = [await hunting.hunt("Order A"), await hunting.hunt("Order B"), await hunting.hunt("Order C")];
  await hunting.dataset(a, "a.csv", csv("Timestamp,Hostname,dst_ip", ...lines((count) => count - 1)));
  await hunting.dataset(b, "b.csv", csv("Timestamp,Hostname,dst_ip", ...lines(() => 1)));
  await hunting.dataset(c, "c.csv", csv("Timestamp,Hostname,dst_ip", line(WIDE)));
});
afterAll(() => database.close());

/** The overlaps in the order asked for, as the counts that name them. */
async function order(orderBy?: string): Promise<{ ioc: number[]; host: number[] }> {
  const { correlation } = await api.data(ORDER, { orderBy });
  const all = [...COUNTS, WIDE];
  const expected = (count: number) => ({
    rowCount: count,
    huntCount: count === WIDE ? 3 : 2,
    lastSeen: LAST_SEEN[count],
  });
  return {
    ioc: correlation.iocOverlaps.nodes.map((node: any) => {
      const count = all.find((n) => ip(n) === node.value)!;
      expect(node).toEqual({ value: ip(count), ...expected(count) });
      return count;
    }),
    host: correlation.hostOverlaps.nodes.map((node: any) => {
      const count = all.find((n) => host(n) === node.hostname)!;
      const holders = count === WIDE ? 3 : 2;
      const prevalence = { hunts: holders, totalHunts: 3, datasets: holders, totalDatasets: 3 };
      expect(node).toEqual({ hostname: host(count), ...expected(count), prevalence });
      return count;
    }),
  };
}

describe("the order of IOC and host overlaps", () => {
  it("is most rows first, comparing counts as numbers, for host overlaps by default", async () => {
    expect((await order()).host).toEqual([1204, 256, 37, 9, WIDE]);
    const { correlation } = await api.data(DEFAULT_ORDER);
    expect(correlation.iocOverlaps.nodes.map((node: any) => node.value)).toEqual([1204, 256, 37, 9, WIDE].map(ip));
    expect(correlation.hostOverlaps.nodes.map((node: any) => node.hostname)).toEqual([1204, 256, 37, 9, WIDE].map(host));
  });

  it("is the same, ThreatHunt's, with orderBy: ROW_COUNT, and with APPEARANCES, its deprecated name", async () => {
    expect(await order("ROW_COUNT")).toEqual({ ioc: [1204, 256, 37, 9, WIDE], host: [1204, 256, 37, 9, WIDE] });
    expect(await order("APPEARANCES")).toEqual({ ioc: [1204, 256, 37, 9, WIDE], host: [1204, 256, 37, 9, WIDE] });
  });

  it("puts what most hunts share first with HUNTS, then most rows", async () => {
    expect(await order("HUNTS")).toEqual({ ioc: [WIDE, 1204, 256, 37, 9], host: [WIDE, 1204, 256, 37, 9] });
  });

  it("puts what was seen last first with LAST_SEEN, undated last", async () => {
    expect(await order("LAST_SEEN")).toEqual({ ioc: [37, 1204, 9, 256, WIDE], host: [37, 1204, 9, 256, WIDE] });
  });

  it("orders by the value's bytes with VALUE", async () => {
    // 198.51.100.204 < .37 < .6 < .9 < 203.0.113.7; DC-01 < WS-1204 < WS-256 < WS-37 < WS-9.
    expect(await order("VALUE")).toEqual({ ioc: [1204, 37, 256, 9, WIDE], host: [WIDE, 1204, 256, 37, 9] });
  });
});
