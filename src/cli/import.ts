// `huntgraph import`: CSV files into a hunt, each its own dataset and transaction, with a progress bar on a
// terminal and one outcome line per file: imported, skipped (the same content is in the hunt already), or
// failed. A bad file does not stop the rest unless --stop-on-error; any failure makes the exit code 1.
import { createReadStream } from "node:fs";
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import type { Database } from "../database/data-source";
import type { ImportProgress, ImportResult } from "../modules/ingest/ingest.service";
import { createServices, type Services } from "../modules/services";
import { badInput } from "../shared/errors";
import { logger } from "../shared/logger";
import { audited } from "./audit";
import { findHunt } from "./hunt";
import { fileSha256, type FileOutcome, finishImports, importedLine, plural, sizeOf, skippedLine } from "./import-outcomes";
import type { CliOutput } from "./output";

export interface ImportOptions {
  hunt: string;
  createHunt?: boolean;
  sourceTool?: string;
  stopOnError?: boolean;
  allowDuplicate?: boolean;
}

/** The hunt named on the command line: an id, or an exact name (created with --create-hunt, which says so). */
async function resolveHunt(services: Services, options: ImportOptions, out: CliOutput): Promise<string> {
  const found = await findHunt(services, options.hunt);
  if (found !== null) return found;
  if (!options.createHunt) throw badInput(`no hunt is named '${options.hunt}': give a hunt id, or add --create-hunt to create it`);
  const hunt = await services.hunts.create({ name: options.hunt });
  out.line(`created hunt '${hunt.name}', id ${hunt.id}`);
  return hunt.id;
}

const PHASES: Record<ImportProgress["phase"], (progress: ImportProgress) => string> = {
  reading: () => "reading",
  indexing: ({ entries }) => `indexing ${plural(entries ?? 0, "entry", "entries")}`,
  committing: () => "committing",
};

function progressBar(file: string, total: number) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    {
      format: `${file} [{bar}] {percentage}% | {phase} | {rows} rows | {mb}/{totalMb} MB | {rate} rows/s`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { phase: "reading", rows: 0, mb: "0.0", totalMb: (total / 1e6).toFixed(1), rate: 0 });
  return {
    update(progress: ImportProgress) {
      const seconds = (performance.now() - started) / 1000;
      const { rows, bytes } = progress;
      bar.update(bytes, {
        phase: PHASES[progress.phase](progress),
        rows,
        mb: (bytes / 1e6).toFixed(1),
        rate: Math.round(rows / Math.max(seconds, 0.001)),
      });
    },
    stop: () => bar.stop(),
  };
}

/** One file: skipped when the hunt holds its content already, else imported in its own transaction. */
async function importOne(
  database: Database,
  services: Services,
  huntId: string,
  file: string,
  options: ImportOptions & { signal: AbortSignal },
  out: CliOutput,
): Promise<FileOutcome> {
  const size = sizeOf(file);
  if (typeof size === "string") {
    out.stderr(`${file}: failed: ${size}\n`);
    return "failed";
  }
  const sha256 = await fileSha256(file);
  const earlier = options.allowDuplicate ? null : await services.datasets.findByContent(huntId, sha256);
  if (earlier) {
    out.line(skippedLine(file, earlier));
    return "skipped";
  }
  const filename = path.basename(file);
  const bar = progressBar(filename, size);
  const started = performance.now();
  try {
    let result: ImportResult | undefined;
    const entry = { action: "cli.import", target: `huntId ${huntId}`, outcome: "ok" as const, details: { filename, bytes: size } };
    await audited(database.dataSource, entry, async () => {
      result = await services.ingest.importCsv({
        huntId,
        filename,
        sourceTool: options.sourceTool,
        source: createReadStream(file),
        signal: options.signal,
        onProgress: (progress) => {
          bar?.update(progress);
          logger.debug({ file, ...progress }, "importing");
        },
      });
    });
    bar?.stop();
    out.line(importedLine(file, result!, (performance.now() - started) / 1000));
    return "imported";
  } catch (error) {
    bar?.stop();
    const why = options.signal.aborted ? "interrupted, rolled back" : `failed, nothing of it was stored: ${(error as Error).message}`;
    out.stderr(`${file}: ${why}\n`);
    return "failed";
  }
}

/** Imports each file in turn; see the top of this file for what happens to each. */
export async function importFiles(database: Database, files: string[], options: ImportOptions, out: CliOutput): Promise<void> {
  // a mistyped path alone creates no hunt
  if (files.every((file) => typeof sizeOf(file) === "string")) {
    throw badInput(files.length === 1 ? `${files[0]}: ${sizeOf(files[0])}` : "none of the files can be read");
  }
  const services = createServices(database);
  const huntId = await resolveHunt(services, options, out);
  // Ctrl-C or SIGTERM: the file being imported rolls back, and the rest are not tried
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort(new Error("interrupted"));
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  try {
    const outcomes: FileOutcome[] = [];
    for (const file of files) {
      outcomes.push(await importOne(database, services, huntId, file, { ...options, signal: interrupted.signal }, out));
      if (interrupted.signal.aborted || (outcomes.at(-1) === "failed" && options.stopOnError)) break;
    }
    finishImports(files.length, outcomes, out);
  } finally {
    process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
  }
}
