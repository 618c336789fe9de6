// `npm run bench:ingest`: imports a generated 1,000,000-row export into PostgreSQL and into PGlite,
// each in a child process of its own, and prints rows per second and that process's peak RSS. The PGlite
// database is a new directory, created (initdb) the way the server creates one: in a short-lived child
// process of the import's (see createPgliteDataDir), whose memory is not the import's.
import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type Database, migrate, openDatabase } from "../src/database/data-source";
import { createServices } from "../src/modules/services";
import { writeExport } from "./generate";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

type Kind = "postgres" | "pglite";

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function worker(kind: Kind, file: string, dataDir?: string): Promise<void> {
  const schema = `bench_${process.pid}`;
  const database: Database = await openDatabase(kind === "postgres" ? { kind, url: POSTGRES_URL, schema } : { kind, dataDir });
  try {
    await migrate(database.dataSource);
    const services = createServices(database);
    const hunt = await services.hunts.create({ name: "bench" });
    const started = performance.now();
    const cpu = process.cpuUsage();
    // how long the import ever kept the event loop from other work (a server's other requests)
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const { dataset } = await services.ingest.importCsv({ huntId: hunt.id, filename: path.basename(file), source: createReadStream(file) });
    stalls.disable();
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const [{ count }] = await database.dataSource.query("SELECT count(*)::int AS count FROM ioc_occurrences");
    console.log(
      JSON.stringify({
        kind,
        rows: dataset.rowCount,
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(dataset.rowCount / seconds),
        processCpuSeconds: Number(((user + system) / 1e6).toFixed(2)),
        indexedValues: count,
        peakRssMb: peakRssMb(),
        longestStallMs: Math.round(stalls.max / 1e6),
      }),
    );
  } finally {
    if (kind === "postgres") await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await database.close();
  }
}

function child(args: string[]): Record<string, number> {
  const output = execFileSync(process.execPath, [__filename, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(output.trim().split("\n").at(-1) as string);
}

async function main(): Promise<void> {
  if (process.argv[2] === "--worker") return worker(process.argv[3] as Kind, process.argv[4], process.argv[5]);
  const file = path.join(os.tmpdir(), `huntgraph-bench-${ROWS}.csv`);
  if (!existsSync(file)) {
    console.log(`generating ${ROWS} rows into ${file} ...`);
    await writeExport(file, { rows: ROWS, seed: 1, hostPrefix: "WKS", start: new Date("2024-03-01T00:00:00Z") });
  }
  console.log(
    `export: ${ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB; machine: ${os.cpus().length} cores, node ${process.version}`,
  );
  for (const kind of ["postgres", "pglite"] as const) {
    const dataDir = kind === "pglite" ? mkdtempSync(path.join(os.tmpdir(), "huntgraph-bench-")) : undefined;
    try {
      const result = child(["--worker", kind, file, ...(dataDir ? [dataDir] : [])]);
      console.log(
        `${kind.padEnd(8)} ${String(result.rowsPerSecond).padStart(7)} rows/s  (${result.rows} rows in ${result.seconds} s, ` +
          `${result.indexedValues} indexed values, import process CPU ${result.processCpuSeconds} s)  peak RSS ${result.peakRssMb} MB, ` +
          `longest event-loop stall ${result.longestStallMs} ms`,
      );
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
