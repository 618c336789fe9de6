// The benchmark corpus: 10 hunts of CSV exports, 1,000,000 rows in all (BENCH_ROWS), with planted
// overlaps, generated once into the temporary folder; and its import, as a server has it.
import { createReadStream, existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../src/database/data-source";
import type { Services } from "../src/modules/services";
import { exportRow, random, writeExport } from "./generate";

export const HUNTS = 10;
export const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
export const CAMPAIGN_IP = (n: number) => `203.0.113.${n % 250}`;
/**
 * BENCH_SHAPE=wide adds shared infrastructure, what real hunts have most of: every 10th row talks to one of
 * 20,000 addresses that every hunt draws from, so that about 20,000 values are shared across hunts.
 */
export const WIDE = process.env.BENCH_SHAPE === "wide";
const WIDE_POOL = 20_000;
const WIDE_IP = (n: number) => `100.${64 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
const SHARED_HOST = (n: number) => `SHARED-SRV-${String(n % 40).padStart(2, "0")}`;

/** Every 400th row of every hunt talks to a campaign IP from a shared host: overlaps across hunts. */
function corpusFile(dir: string, hunt: number): Promise<number> {
  const options = { rows: ROWS / HUNTS, seed: hunt + 1, hostPrefix: `H${hunt}-WKS`, start: new Date(Date.UTC(2024, 2, 1, hunt * 3)) };
  const rand = random(1000 + hunt);
  return writeExport(path.join(dir, `hunt-${hunt}.csv`), {
    ...options,
    planted: (i) => {
      if (WIDE && i % 10 === 5) {
        const cells = exportRow(rand, options, i).split(",");
        cells[6] = WIDE_IP(Math.floor(rand() * WIDE_POOL));
        return cells.join(",");
      }
      if (i % 400 !== 0) return undefined;
      const cells = exportRow(rand, options, i).split(",");
      cells[1] = SHARED_HOST(i / 400 + hunt);
      cells[6] = CAMPAIGN_IP(i / 400 + hunt * 7);
      return cells.join(",");
    },
  });
}

/** The directory of the corpus's files, generated if they are not there yet. */
export async function corpusDirectory(): Promise<string> {
  const dir = path.join(os.tmpdir(), `huntgraph-corpus-${ROWS}${WIDE ? "-wide" : ""}`);
  if (!existsSync(path.join(dir, `hunt-${HUNTS - 1}.csv`))) {
    mkdirSync(dir, { recursive: true });
    console.log(`generating ${HUNTS} hunts, ${ROWS} rows in ${dir} ...`);
    for (let hunt = 0; hunt < HUNTS; hunt++) await corpusFile(dir, hunt);
  }
  return dir;
}

/** Imports the corpus into a migrated database, with the bundled warninglists and two hypotheses per hunt. */
export async function importCorpus(database: Database, services: Services, dir: string): Promise<void> {
  // As a server has them: imports match new shared values against every list.
  await services.warninglists.installBundled();
  for (let hunt = 0; hunt < HUNTS; hunt++) {
    const { id } = await services.hunts.create({ name: `Hunt ${hunt}` });
    await services.hypotheses.create({ huntId: id, title: "PowerShell", mitreTechnique: hunt % 2 ? "T1059.001" : "t1059.001 " });
    await services.hypotheses.create({ huntId: id, title: `Technique ${hunt}`, mitreTechnique: `T10${70 + (hunt % 3)}` });
    await services.ingest.importCsv({
      huntId: id,
      filename: `hunt-${hunt}.csv`,
      source: createReadStream(path.join(dir, `hunt-${hunt}.csv`)),
    });
  }
  await services.enrichments.record([{ iocValue: CAMPAIGN_IP(3), iocType: "ip" as never, source: "bench", verdict: "malicious" as never }]);
  await database.dataSource.query("ANALYZE");
}
