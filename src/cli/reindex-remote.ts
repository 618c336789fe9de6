// `huntgraph reindex` on the embedded database of a running server: each dataset is reindexed by that
// server (the reindexDataset mutation), with the same outcome lines.
import type { CliOutput } from "./output";
import { datasetLine, type ReindexOptions, totalLine } from "./reindex";
import { graphql, type Remote, remoteDatasets } from "./remote-server";

const REINDEX = `mutation ($id: ID!) { reindexDataset(id: $id) { rows entries } }`;

/** Reindexes each dataset through the server at `remote`, in order; stops at the first failure. */
export async function reindexThroughServer(remote: Remote, options: ReindexOptions, out: CliOutput): Promise<void> {
  out.line(`the embedded database is served by the huntgraph server at ${remote.url}: reindexing through it`);
  const datasets = await remoteDatasets(remote, options);
  const started = performance.now();
  let rows = 0;
  let entries = 0;
  for (const dataset of datasets) {
    const datasetStarted = performance.now();
    const { reindexDataset } = await graphql<{ reindexDataset: { rows: number; entries: number } }>(remote, REINDEX, { id: dataset.id });
    rows += reindexDataset.rows;
    entries += reindexDataset.entries;
    out.line(datasetLine(dataset, reindexDataset, datasetStarted));
  }
  out.line(totalLine(datasets.length, rows, entries, started));
}
