// `npm run bench:load`: dashboard traffic against a running server on PostgreSQL. Imports the benchmark
// corpus (bench/corpus.ts, 1,000,000 rows) into a schema of its own, starts `huntgraph serve` on it in a
// child process, and drives it from this one with autocannon over loopback: a mix of the correlation
// "everything" query, iocSightings and hunt lists, at 10 and then 50 connections for BENCH_LOAD_SECONDS
// (30) each, then a soak at 10 connections for BENCH_SOAK_SECONDS (600). Prints requests per second,
// p50/p99 latency, errors, and the server's RSS at the start and end of the soak. BENCH_AUTH=token runs
// with authentication on, as a viewer API token; BENCH_AUTH=restricted also restricts one of the hunts,
// so that every correlation counts prevalence without it.
import "reflect-metadata";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { type Database, migrate, openDatabase } from "../src/database/data-source";
import { createServices } from "../src/modules/services";
import { CAMPAIGN_IP, corpusDirectory, importCorpus, ROWS } from "./corpus";

const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const AUTH = process.env.BENCH_AUTH ?? "";
const JWT_SECRET = "bench-secret-0123456789abcdef0123456789";

const EVERYTHING = `{ correlation { summary totalCorrelations
  iocOverlaps(first: 50) { totalCount suppressedCount nodes { value iocType score reasons { signal effect } rowCount verdict hunts { name } } }
  timeOverlaps(first: 50) { totalCount nodes { hours datasetA { name } datasetB { name } } }
  techniqueOverlaps(first: 50) { totalCount nodes { techniqueId techniqueName hunts { name } } }
  hostOverlaps(first: 50) { totalCount nodes { hostname rowCount hunts { name } } } } }`;
const SIGHTINGS = `{ iocSightings(value: "${CAMPAIGN_IP(3)}", iocType: IP, first: 50) { totalCount nodes { column rowCount firstSeen dataset { name } hunt { name } } } }`;
const HUNT_LIST = `{ hunts(first: 50) { totalCount nodes { id name status datasets { totalCount nodes { name rowCount } } } } }`;

/** One dashboard load in five is the everything query; sightings and hunt lists make up the rest. */
const mix = (token?: string) =>
  [EVERYTHING, SIGHTINGS, HUNT_LIST, SIGHTINGS, HUNT_LIST].map((query) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }));

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return Math.round(kb / 1024);
}

async function startServer(schema: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, "../src/cli/main.js"), "serve", "--port", "0"], {
    env: {
      ...process.env,
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      ...(AUTH ? { JWT_SECRET } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const found = / API at (http:\/\/[^/\s]+)\/graphql/.exec(stdout);
      if (found) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${stdout}`)));
  });
  return { child, url };
}

async function phase(url: string, requests: ReturnType<typeof mix>, label: string, connections: number, seconds: number): Promise<void> {
  const result = await autocannon({ url, connections, duration: seconds, requests });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(
    `  ${label.padEnd(28)} ${String(Math.round(result.requests.average)).padStart(5)} req/s   ` +
      `p50 ${String(result.latency.p50).padStart(5)} ms   p99 ${String(result.latency.p99).padStart(5)} ms   ` +
      `${result.requests.total} requests, ${errors} errors`,
  );
}

/** BENCH_AUTH's caller: a viewer API token, with one hunt restricted for "restricted"; none otherwise. */
async function authentication(database: Database): Promise<string | undefined> {
  if (!AUTH) return undefined;
  const { secret } = await createServices(database).apiTokens.create({ name: "bench viewer", role: "viewer", createdBy: "bench" });
  if (AUTH === "restricted") await database.dataSource.query(`UPDATE hunts SET restricted = true WHERE id = (SELECT min(id) FROM hunts)`);
  console.log(`  as a viewer API token${AUTH === "restricted" ? ", one hunt of 10 restricted" : ""}`);
  return secret;
}

async function main(): Promise<void> {
  const dir = await corpusDirectory();
  const schema = `bench_load_${process.pid}`;
  const database = await openDatabase({ kind: "postgres", url: POSTGRES_URL, schema });
  try {
    await migrate(database.dataSource);
    const started = performance.now();
    await importCorpus(database, createServices(database), dir);
    console.log(
      `load: ${ROWS} rows imported in ${((performance.now() - started) / 1000).toFixed(1)} s; machine: ${os.cpus().length} cores, node ${process.version}`,
    );
    const requests = mix(await authentication(database));
    const { child, url } = await startServer(schema);
    try {
      // warm up: plans cached, pools filled
      await autocannon({ url, connections: 4, duration: 3, requests });
      await phase(url, requests, "10 connections", 10, LOAD_SECONDS);
      await phase(url, requests, "50 connections", 50, LOAD_SECONDS);
      const before = rssMb(child.pid!);
      await phase(url, requests, `soak, 10 connections, ${SOAK_SECONDS} s`, 10, SOAK_SECONDS);
      const after = rssMb(child.pid!);
      console.log(`  server RSS over the soak: ${before} MB → ${after} MB (${(((after - before) / before) * 100).toFixed(1)}%)`);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  } finally {
    await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
