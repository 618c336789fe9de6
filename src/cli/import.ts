// `huntgraph import`: CSV files into a hunt, with a progress bar on a terminal and a summary line per file.
import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import type { Database } from "../database/data-source";
import type { ImportProgress, ImportResult } from "../modules/ingest/ingest.service";
import { createServices, type Services } from "../modules/services";
import { badInput } from "../shared/errors";
import { logger } from "../shared/logger";
import { audited } from "./audit";
import { findHunt } from "./hunt";
import type { CliOutput } from "./output";

export interface ImportOptions {
  hunt: string;
  createHunt?: boolean;
  sourceTool?: string;
}

/** The hunt named on the command line: an id, or an exact name (created with --create-hunt). */
async function resolveHunt(services: Services, hunt: string, create: boolean): Promise<string> {
  const found = await findHunt(services, hunt);
  if (found !== null) return found;
  if (!create) throw badInput(`no hunt is named '${hunt}': give a hunt id, or add --create-hunt to create it`);
  return (await services.hunts.create({ name: hunt })).id;
}

function progressBar(file: string, total: number) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    { format: `${file} [{bar}] {percentage}% | {rows} rows | {mb}/{totalMb} MB | {rate} rows/s`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { rows: 0, mb: "0.0", totalMb: (total / 1e6).toFixed(1), rate: 0 });
  return {
    update({ rows, bytes }: ImportProgress) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(bytes, { rows, mb: (bytes / 1e6).toFixed(1), rate: Math.round(rows / Math.max(seconds, 0.001)) });
    },
    stop: () => bar.stop(),
  };
}

/** The size of each file. Checked before the hunt is resolved: a mistyped path creates no hunt and imports no file. */
function fileSizes(files: string[]): number[] {
  return files.map((file) => {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      throw badInput(`${file}: no such file`);
    }
    if (!stats.isFile()) throw badInput(`${file}: not a file`);
    return stats.size;
  });
}

/** Runs one file's import, recorded in the audit trail (`cli.import`) with its dataset or its failure. */
async function importAudited(
  database: Database,
  file: { huntId: string; filename: string; size: number },
  run: () => Promise<ImportResult>,
) {
  let result: ImportResult | undefined;
  await audited(
    database.dataSource,
    { action: "cli.import", target: `huntId ${file.huntId}`, outcome: "ok", details: { filename: file.filename, bytes: file.size } },
    async () => {
      result = await run();
    },
  );
  return result as ImportResult;
}

/** Imports each file in its own transaction; stops at the first failure (earlier files stay imported). */
export async function importFiles(database: Database, files: string[], options: ImportOptions, out: CliOutput): Promise<void> {
  const sizes = fileSizes(files);
  const services = createServices(database);
  const huntId = await resolveHunt(services, options.hunt, options.createHunt ?? false);
  for (const [i, file] of files.entries()) {
    const size = sizes[i];
    const filename = path.basename(file);
    const bar = progressBar(filename, size);
    const started = performance.now();
    try {
      const { dataset, paddedRows, extendedRows } = await importAudited(database, { huntId, filename, size }, () =>
        services.ingest.importCsv({
          huntId,
          filename,
          sourceTool: options.sourceTool,
          source: createReadStream(file),
          onProgress: (progress) => {
            bar?.update(progress);
            logger.debug({ file, ...progress }, "importing");
          },
        }),
      );
      bar?.stop();
      const seconds = (performance.now() - started) / 1000;
      const ragged = paddedRows + extendedRows > 0 ? `, ${paddedRows} short rows padded, ${extendedRows} long rows extended` : "";
      out.line(
        `${file}: ${dataset.rowCount} rows, ${Object.keys(dataset.iocColumns ?? {}).length} IOC columns${ragged} in ${seconds.toFixed(1)} s (${Math.round(dataset.rowCount / seconds)} rows/s) → dataset ${dataset.id}`,
      );
    } catch (error) {
      bar?.stop();
      throw error;
    }
  }
}
