// `npm run bench:matching`: how long applying a changed warninglist, exclusion rule or disposition
// takes over 100,000 distinct shared values (addresses, domains and URLs, made up below), on PostgreSQL
// and PGlite: loading a list (its matches on every value), switching it off and on, adding rules of each
// kind, and recording a disposition (which queries read as it is: it has nothing to apply).
import "reflect-metadata";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, migrate, openDatabase } from "../src/database/data-source";
import { createServices } from "../src/modules/services";
import { parseWarninglist } from "../src/modules/warninglist/misp-format";

const VALUES = Number(process.env.BENCH_VALUES ?? 100_000);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Shared values as ioc_shared_values holds them: a third each addresses, domains and URLs, some of them well known. */
const SEED = `
  INSERT INTO ioc_shared_values (ioc_type, value, hunt_ids, appearances, datasets, all_hunt_ids, all_appearances, all_datasets, address, host)
  SELECT t, v, '{a,b}', 2, 2, '{a,b}', 2, 2, huntgraph_address_of(t, v), huntgraph_host_of(t, v)
  FROM (
    SELECT CASE i % 3 WHEN 0 THEN 'ip' WHEN 1 THEN 'domain' ELSE 'url' END AS t,
           CASE i % 3
             WHEN 0 THEN ((i * 7919) % 223 + 1) || '.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256
             WHEN 1 THEN 'host' || i || CASE WHEN i % 10 = 1 THEN '.microsoft.com' ELSE '.example' || (i % 97) || '.net' END
             ELSE 'https://cdn' || i || '.example' || (i % 89) || '.org/path/' || i
           END AS v
    FROM generate_series(1, $1) AS i
  ) AS generated
  ON CONFLICT DO NOTHING`;

async function timed(label: string, action: () => Promise<unknown>): Promise<[string, number]> {
  const started = performance.now();
  await action();
  return [label, Number((performance.now() - started).toFixed(0))];
}

async function run(kind: "postgres" | "pglite"): Promise<void> {
  const schema = `bench_matching_${process.pid}`;
  const database: Database = await openDatabase(kind === "postgres" ? { kind, url: POSTGRES_URL, schema } : { kind, dataDir: undefined });
  try {
    await migrate(database.dataSource);
    const services = createServices(database);
    await services.warninglists.installBundled();
    await database.dataSource.query(SEED, [VALUES]);
    await database.dataSource.query("ANALYZE");
    const [{ count }] = await database.dataSource.query(`SELECT count(*)::int AS count FROM ioc_shared_values`);
    const list = (name: string) => {
      const parsed = parseWarninglist(JSON.parse(readFileSync(path.join("data/warninglists", name, "list.json"), "utf8")), name);
      return { ...parsed, version: String(Number(parsed.version) + 1) };
    };
    const steps: [string, number][] = [];
    for (const name of ["public-dns-v4", "vpn-ipv4", "tranco10k", "dynamic-dns", "microsoft"]) {
      steps.push(await timed(`reload list ${name}`, () => services.warninglists.load(name, list(name), "bundled")));
    }
    steps.push(await timed("disable tranco10k", () => services.warninglists.update("tranco10k", { enabled: false })));
    steps.push(await timed("enable tranco10k", () => services.warninglists.update("tranco10k", { enabled: true })));
    const rules: [string, Parameters<typeof services.dispositions.addExclusionRule>[0]][] = [
      ["rule CIDR", { kind: "CIDR", pattern: "10.0.0.0/8", reason: "bench" }],
      ["rule DOMAIN", { kind: "DOMAIN", pattern: "example7.net", reason: "bench" }],
      ["rule REGEX", { kind: "REGEX", pattern: "^https://cdn[0-9]+\\.example1[0-9]\\.org/", reason: "bench" }],
      ["rule EXACT", { kind: "EXACT", pattern: "host1.microsoft.com", iocType: "domain" as never, reason: "bench" }],
    ];
    for (const [label, input] of rules) steps.push(await timed(label, () => services.dispositions.addExclusionRule(input)));
    steps.push(
      await timed("disposition", () =>
        services.dispositions.setDisposition({
          iocType: "domain" as never,
          value: "host4.example4.net",
          disposition: "BENIGN",
          reason: "bench",
        }),
      ),
    );
    console.log(`\n${kind}: ${count} shared values`);
    for (const [label, ms] of steps) console.log(`  ${label.padEnd(26)} ${String(ms).padStart(6)} ms`);
  } finally {
    if (kind === "postgres") await database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await database.close();
  }
}

async function main(): Promise<void> {
  console.log(`matching: ${VALUES} generated shared values; machine: ${os.cpus().length} cores, node ${process.version}`);
  for (const kind of (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",")) await run(kind as "postgres" | "pglite");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
