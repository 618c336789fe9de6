// `huntgraph reindex`: rebuilds the occurrence index of datasets from their stored rows (a database filled
// by ThreatHunt has none), with a progress bar on a terminal and a summary line per dataset.
import { Presets, SingleBar } from "cli-progress";
import type { Database } from "../database/data-source";
import type { Dataset } from "../modules/dataset/dataset.entity";
import { createServices, type Services } from "../modules/services";
import { badInput, notFound, withContext } from "../shared/errors";
import { logger } from "../shared/logger";
import { findHunt } from "./hunt";
import type { CliOutput } from "./output";

export interface ReindexOptions {
  dataset?: string[];
  hunt?: string;
}

/** The datasets the options name, every one known before any is reindexed; every dataset without options. */
async function datasetsToReindex(services: Services, options: ReindexOptions): Promise<Dataset[]> {
  if (options.dataset) {
    const ids = [...new Set(options.dataset)];
    const datasets = await services.datasets.byIds(ids);
    const missing = ids.filter((_, i) => datasets[i] === null);
    if (missing.length > 0) throw notFound(missing.length === 1 ? "dataset" : "datasets", missing);
    return datasets as Dataset[];
  }
  if (options.hunt) {
    const huntId = await findHunt(services, options.hunt);
    if (huntId === null) throw badInput(`no hunt is named '${options.hunt}'`);
    return (await services.datasets.byHuntIds([huntId]))[0];
  }
  return services.datasets.all();
}

function progressBar(dataset: Dataset) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    { format: `${dataset.name} [{bar}] {percentage}% | {value}/{total} rows`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(dataset.rowCount, 0);
  return bar;
}

/** "1 row", "2 rows". */
const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The outcome line of one dataset reindexed since `started`. */
export const datasetLine = (dataset: { id: string; name: string }, result: { rows: number; entries: number }, started: number) =>
  `dataset ${dataset.id} (${dataset.name}): ${count(result.rows, "row")} read, ${count(result.entries, "index entry", "index entries")} written in ${seconds(started)} s`;

/** The closing line of a reindex of `datasets` since `started`. */
export const totalLine = (datasets: number, rows: number, entries: number, started: number) =>
  `reindexed ${count(datasets, "dataset")}: ${count(rows, "row")} read, ${count(entries, "index entry", "index entries")} written in ${seconds(started)} s`;

/** Reindexes each dataset in its own transaction; stops at the first failure (earlier datasets stay reindexed). */
export async function reindexDatasets(database: Database, options: ReindexOptions, out: CliOutput): Promise<void> {
  const services = createServices(database);
  const datasets = await datasetsToReindex(services, options);
  const started = performance.now();
  let rows = 0;
  let entries = 0;
  for (const dataset of datasets) {
    const bar = progressBar(dataset);
    const datasetStarted = performance.now();
    try {
      const result = await services.reindex.reindex(dataset.id, (read) => bar?.update(read));
      bar?.stop();
      rows += result.rows;
      entries += result.entries;
      out.line(datasetLine(dataset, result, datasetStarted));
    } catch (error) {
      bar?.stop();
      logger.error({ err: error, datasetId: dataset.id }, "reindex failed");
      throw withContext(`dataset ${dataset.id} (${dataset.name})`, error);
    }
  }
  out.line(totalLine(datasets.length, rows, entries, started));
}
