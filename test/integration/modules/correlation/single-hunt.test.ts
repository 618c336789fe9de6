// Correlating every hunt when there are fewer than two: ThreatHunt's answer, as a summary and zeros, not
// an error. Then a second hunt that shares nothing: the seed's "no significant correlations" summary.
import type { Database } from "../../../../src/database/data-source";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, type FixtureHunt, Hunting } from "../../../support/hunting";

const CORRELATION = `query Correlation {
  correlation {
    huntIds
    summary
    totalCorrelations
    iocOverlaps { totalCount nodes { value } }
    timeOverlaps { totalCount nodes { hours } }
    techniqueOverlaps { totalCount nodes { techniqueId } }
    hostOverlaps { totalCount nodes { hostname } }
  }
}`;

const NOTHING = { totalCount: 0, nodes: [] };
/** A correlation that found nothing: no count, and every overlap list empty. */
const NO_CORRELATIONS = {
  totalCorrelations: 0,
  iocOverlaps: NOTHING,
  timeOverlaps: NOTHING,
  techniqueOverlaps: NOTHING,
  hostOverlaps: NOTHING,
};

let database: Database;
let api: TestApi;
let hunting: Hunting;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  hunting = new Hunting(api);
});
afterAll(() => database.close());

describe("correlating every hunt", () => {
  it("answers 'Need at least 2 hunts' with zeros when there is no hunt", async () => {
    const { correlation } = await api.data(CORRELATION);
    expect(correlation).toEqual({
      huntIds: [],
      summary: "Need at least 2 hunts for correlation analysis.",
      ...NO_CORRELATIONS,
    });
  });

  let only: FixtureHunt;

  it("answers the same with one hunt, however much it holds", async () => {
    only = await hunting.hunt("Only");
    // Two datasets of one hunt share a host, an IP and a time window; a hunt does not correlate with itself.
    const header = "Timestamp,Hostname,Raddr.IP";
    await hunting.dataset(
      only,
      "only-1.csv",
      csv(header, "2024-03-01T08:00:00Z,WS-01,203.0.113.5", "2024-03-01T12:00:00Z,WS-01,203.0.113.5"),
    );
    await hunting.dataset(
      only,
      "only-2.csv",
      csv(header, "2024-03-01T09:00:00Z,WS-01,203.0.113.5", "2024-03-01T10:00:00Z,WS-01,203.0.113.5"),
    );
    await hunting.hypothesis(only, "PowerShell", "T1059.001");
    await hunting.hypothesis(only, "PowerShell again", "T1059.001");

    const { correlation } = await api.data(CORRELATION);
    expect(correlation).toEqual({
      huntIds: [only.id],
      summary: "Need at least 2 hunts for correlation analysis.",
      ...NO_CORRELATIONS,
    });
  });

  it("reports no significant correlations when a second hunt shares nothing with the first", async () => {
    const other = await hunting.hunt("Other");
    await hunting.dataset(other, "other.csv", csv("Timestamp,Hostname,Raddr.IP", "2024-05-01T08:00:00Z,WS-02,203.0.113.6"));
    await hunting.hypothesis(other, "Ingress", "T1105");

    const { correlation } = await api.data(CORRELATION);
    expect(correlation).toEqual({
      huntIds: [only.id, other.id].sort(),
      summary: ["Correlation analysis across 2 hunts:", "  - No shared IOCs found", " No significant correlations detected."].join("\n"),
      ...NO_CORRELATIONS,
    });
  });
});
