// Prints the dashboard of a running huntgraph: `node dist/main.js [URL]` (default the local server),
// with HUNTGRAPH_TOKEN for a server with authentication on.
import { createClient } from "./client";

async function main(): Promise<void> {
  const client = createClient({ url: process.argv[2] ?? "http://127.0.0.1:4000/graphql", token: process.env.HUNTGRAPH_TOKEN });
  const dashboard = await client.dashboard();
  for (const line of dashboard.summaryLines) console.log(line);
  console.log(`\nTop shared indicators (${dashboard.iocOverlaps.totalCount} shown, ${dashboard.iocOverlaps.suppressedCount} set aside):`);
  for (const overlap of dashboard.iocOverlaps.nodes) {
    const why = overlap.reasons.map((reason) => `${reason.effect >= 0 ? "+" : ""}${reason.effect} ${reason.detail}`).join("; ");
    console.log(`${overlap.score.toFixed(2).padStart(7)}  ${overlap.iocType.padEnd(11)} ${overlap.value}  (${why})`);
  }
  const [top] = dashboard.iocOverlaps.nodes;
  if (top) {
    const sightings = await client.whereElse(top.value);
    console.log(`\n${top.value} was seen in ${sightings.totalCount} dataset columns:`);
    for (const s of sightings.nodes)
      console.log(`  ${s.hunt?.name ?? "(no hunt)"} / ${s.dataset.filename} / ${s.column}: ${s.rowCount} rows`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
