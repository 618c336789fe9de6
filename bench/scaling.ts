// `npm run bench:scaling`: the same corpus at growing sizes (BENCH_SCALE_ROWS, default 100k, 300k, 1M,
// 3M and 10M rows), each imported into PostgreSQL, then measured: import rate, index entries, shared
// values, the size of each table with its indexes, and p50/p95 of the correlation fields. Prints a table
// per size and the growth law between sizes: the exponent k of time ∝ rows^k (1 is linear). The figures
// of docs/scaling.md come from here.
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
// reads BENCH_ROWS when it loads: the parent never uses it, each child has its size set
import { corpusDirectory } from "./corpus";

const SIZES = (process.env.BENCH_SCALE_ROWS ?? "100000,300000,1000000,3000000,10000000").split(",").map(Number);
const FIELDS = ["iocOverlaps", "iocOverlapsByAppearances", "summary", "everything", "hostOverlaps", "iocSightings"];
const TABLES = ["dataset_rows", "ioc_occurrences", "ioc_shared_values", "ioc_value_hunts"];

interface Measured {
  rows: number;
  importSeconds: number;
  indexRows: number;
  shared: number;
  sizes: Record<string, number>;
  results: Record<string, { p50: number; p95: number }>;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** One size, in a child process of its own: the corpus module reads BENCH_ROWS when it loads. */
function measure(rows: number): Measured {
  const env = { ...process.env, BENCH_ROWS: String(rows), BENCH_DATABASES: "postgres", BENCH_RUNS: process.env.BENCH_RUNS ?? "15" };
  const script = path.join(__dirname, "scaling.js");
  const output = execFileSync(process.execPath, [script, "--size"], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  return { rows, ...JSON.parse(output.trim().split("\n").at(-1) as string) };
}

/** In the child: the corpus of BENCH_ROWS rows (generated once), imported and measured by the correlation bench's worker. */
async function size(): Promise<void> {
  const dir = await corpusDirectory();
  const output = execFileSync(process.execPath, [path.join(__dirname, "correlation.js"), "--worker", "postgres", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  console.log(output.trim().split("\n").at(-1));
}

function exponent(a: Measured, b: Measured, value: (m: Measured) => number): string {
  return (Math.log(value(b) / value(a)) / Math.log(b.rows / a.rows)).toFixed(2);
}

function main(): void {
  console.log(
    `bench:scaling on PostgreSQL; machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const all: Measured[] = [];
  for (const rows of SIZES) {
    const m = measure(rows);
    all.push(m);
    console.log(
      `\n${rows.toLocaleString("en")} rows: imported in ${m.importSeconds} s (${Math.round(rows / m.importSeconds).toLocaleString("en")} rows/s)`,
    );
    console.log(`  ${m.indexRows.toLocaleString("en")} index entries, ${m.shared.toLocaleString("en")} shared values`);
    console.log(`  sizes: ${TABLES.map((table) => `${table} ${mb(m.sizes[table] ?? 0)}`).join(", ")}`);
    for (const field of FIELDS) {
      const r = m.results[field];
      if (r) console.log(`  ${field.padEnd(26)} p50 ${String(r.p50).padStart(8)} ms   p95 ${String(r.p95).padStart(8)} ms`);
    }
  }
  console.log("\ngrowth exponents k (value ∝ rows^k) between consecutive sizes:");
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [all[i - 1], all[i]];
    const parts = [
      `import ${exponent(a, b, (m) => m.importSeconds)}`,
      `index entries ${exponent(a, b, (m) => m.indexRows)}`,
      `shared ${exponent(a, b, (m) => m.shared)}`,
      `ioc_occurrences size ${exponent(a, b, (m) => m.sizes.ioc_occurrences)}`,
      ...FIELDS.filter((f) => a.results[f] && b.results[f]).map((f) => `${f} p50 ${exponent(a, b, (m) => m.results[f].p50)}`),
    ];
    console.log(`  ${a.rows.toLocaleString("en")} → ${b.rows.toLocaleString("en")}: ${parts.join(", ")}`);
  }
  console.log(
    `\nJSON: ${JSON.stringify(all.map(({ rows, importSeconds, indexRows, shared, sizes, results }) => ({ rows, importSeconds, indexRows, shared, sizes, results })))}`,
  );
}

if (process.argv[2] === "--size") {
  size().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
