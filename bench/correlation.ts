// `npm run bench`: builds a corpus of 10 hunts and 1,000,000 rows with planted overlaps, imports it,
// then prints p50/p95 latencies of each correlation field alone, of everything at once, and of
// iocSightings, on PostgreSQL and on PGlite (each in a child process of its own), with the plans
// that show the indexes at work.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, migrate, openDatabase } from "../src/database/data-source";
import { createContext } from "../src/graphql/context";
import { buildHuntgraphSchema } from "../src/graphql/schema";
import type { Caller } from "../src/modules/auth/caller";
import { SCORE_PAGE_OF_EVERY_HUNT } from "../src/modules/occurrence/every-hunt.sql";
import { groupsPage } from "../src/modules/occurrence/groups.sql";
import { SIGHTINGS } from "../src/modules/occurrence/occurrence.sql";
import { createServices } from "../src/modules/services";
import { createApollo } from "../src/server/apollo";
import { CAMPAIGN_IP, corpusDirectory, HUNTS, importCorpus, ROWS, WIDE } from "./corpus";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const QUERIES: Record<string, string> = {
  iocOverlaps: `{ correlation { iocOverlaps(first: 50) { totalCount nodes { value iocType score reasons { signal effect } rowCount verdict hunts { name } } } } }`,
  iocOverlapsByAppearances: `{ correlation { iocOverlaps(first: 50, orderBy: ROW_COUNT) { totalCount nodes { value iocType score rowCount hunts { name } } } } }`,
  suppressed: `{ correlation { suppressed(first: 50) { totalCount nodes { value suppressedBy { source id reason } } } } }`,
  timeOverlaps: `{ correlation { timeOverlaps(first: 50) { totalCount nodes { hours datasetA { name } datasetB { name } } } } }`,
  techniqueOverlaps: `{ correlation { techniqueOverlaps(first: 50) { totalCount nodes { techniqueId techniqueName hunts { name } } } } }`,
  hostOverlaps: `{ correlation { hostOverlaps(first: 50) { totalCount nodes { hostname rowCount hunts { name } } } } }`,
  summary: `{ correlation { summary totalCorrelations } }`,
  everything: `{ correlation { summary totalCorrelations
    iocOverlaps(first: 50) { totalCount nodes { value iocType rowCount verdict hunts { name } sightings { column rowCount } } }
    timeOverlaps(first: 50) { totalCount nodes { hours datasetA { name } datasetB { name } } }
    techniqueOverlaps(first: 50) { totalCount nodes { techniqueId techniqueName hunts { name } } }
    hostOverlaps(first: 50) { totalCount nodes { hostname rowCount hunts { name } } } } }`,
  iocSightings: `{ iocSightings(value: "${CAMPAIGN_IP(3)}", iocType: IP, first: 50) { totalCount nodes { column rowCount firstSeen dataset { name } } } }`,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function worker(kind: "postgres" | "pglite", dir: string): Promise<void> {
  // BENCH_KEEP_SCHEMA=name keeps the imported PostgreSQL schema, to EXPLAIN queries against it afterwards.
  const keep = process.env.BENCH_KEEP_SCHEMA;
  const schema = keep ?? `bench_${process.pid}`;
  const dataDir = kind === "pglite" ? mkdtempSync(path.join(os.tmpdir(), "huntgraph-bench-")) : undefined;
  const database: Database = await openDatabase(kind === "postgres" ? { kind, url: POSTGRES_URL, schema } : { kind, dataDir });
  try {
    await migrate(database.dataSource);
    // the work of each query, not the result cache (bench:load measures that)
    const services = createServices(database, { resultCache: false });
    // the lists first, so that the import's time is the data's (importCorpus finds them installed)
    await services.warninglists.installBundled();
    const started = performance.now();
    await importCorpus(database, services, dir);
    const importSeconds = (performance.now() - started) / 1000;

    // BENCH_CALLER=restricted: one hunt restricted, asked by a viewer who does not see it (prevalence and
    // totals counted without it)
    let caller: Caller | undefined;
    if (process.env.BENCH_CALLER === "restricted") {
      await database.dataSource.query(`UPDATE hunts SET restricted = true WHERE id = (SELECT min(id) FROM hunts)`);
      caller = { kind: "token", role: "viewer", id: "f".repeat(32), name: "bench viewer" };
    }
    const apollo = createApollo(await buildHuntgraphSchema());
    await apollo.start();
    const results: Record<string, { p50: number; p95: number }> = {};
    for (const [name, query] of Object.entries(QUERIES)) {
      const times: number[] = [];
      for (let run = 0; run < RUNS + 3; run++) {
        const t = performance.now();
        const response = await apollo.executeOperation({ query }, { contextValue: createContext(services, undefined, caller) });
        const elapsed = performance.now() - t;
        if (response.body.kind === "single" && response.body.singleResult.errors)
          throw new Error(JSON.stringify(response.body.singleResult.errors));
        if (run >= 3) times.push(elapsed);
      }
      times.sort((a, b) => a - b);
      results[name] = { p50: Number(percentile(times, 50).toFixed(1)), p95: Number(percentile(times, 95).toFixed(1)) };
    }
    await apollo.stop();

    const hunts: string[] = (await database.dataSource.query("SELECT id FROM hunts ORDER BY id")).map((r: { id: string }) => r.id);
    const plan = async (query: string, params: unknown[]) =>
      (await database.dataSource.query(`EXPLAIN ${query}`, params))
        .map((r: Record<string, string>) => r["QUERY PLAN"])
        .filter((l: string) => /Index|Scan/.test(l))
        .map((l: string) => l.trim());
    const [{ count: indexRows }] = await database.dataSource.query("SELECT count(*)::int AS count FROM ioc_occurrences");
    const [{ count: shared }] = await database.dataSource.query("SELECT count(*)::int AS count FROM ioc_shared_values");
    // on PostgreSQL, each table with its indexes and TOAST, in bytes (bench:scaling reads them)
    const sizes: Record<string, number> = Object.fromEntries(
      kind === "postgres"
        ? (
            await database.dataSource.query(
              `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint::text AS bytes FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY($1)`,
              [["dataset_rows", "ioc_occurrences", "ioc_shared_values", "ioc_value_hunts", "ioc_link_events"]],
            )
          ).map((row: { name: string; bytes: string }) => [row.name, Number(row.bytes)])
        : [],
    );
    console.log(
      JSON.stringify({
        kind,
        importSeconds: Number(importSeconds.toFixed(1)),
        indexRows,
        shared,
        sizes,
        results,
        plans: {
          iocOverlaps: await plan(SCORE_PAGE_OF_EVERY_HUNT, [hunts, 2, null, null, true, "SHOWN", 51, 0]),
          iocOverlapsByAppearances: await plan(groupsPage("every", "ROW_COUNT"), [hunts, 2, null, null, true, "SHOWN", 51, 0]),
          iocSightings: await plan(SIGHTINGS, [["ip"], [CAMPAIGN_IP(3)], [], 51, 0]),
        },
      }),
    );
  } finally {
    if (kind === "postgres" && !keep) await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await database.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--worker") return worker(process.argv[3] as "postgres" | "pglite", process.argv[4]);
  const dir = await corpusDirectory();
  console.log(
    `corpus${WIDE ? " (wide)" : ""}: ${HUNTS} hunts, ${ROWS} rows; ${RUNS} runs per query; machine: ${os.cpus().length} cores, node ${process.version}`,
  );
  const kinds = (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",");
  for (const kind of kinds) {
    const output = execFileSync(process.execPath, [__filename, "--worker", kind, dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(output.trim().split("\n").at(-1) as string);
    console.log(
      `\n${kind}: corpus imported in ${result.importSeconds} s; ${result.indexRows} index rows, ${result.shared} shared candidates`,
    );
    for (const [name, { p50, p95 }] of Object.entries(result.results as Record<string, { p50: number; p95: number }>)) {
      console.log(`  ${name.padEnd(18)} p50 ${String(p50).padStart(7)} ms   p95 ${String(p95).padStart(7)} ms`);
    }
    for (const [name, lines] of Object.entries(result.plans as Record<string, string[]>))
      console.log(`  plan of ${name}:\n    ${lines.join("\n    ")}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
