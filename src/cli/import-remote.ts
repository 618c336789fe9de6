// `huntgraph import` into the embedded database of a running server: the files go through that server's
// upload route (the server alone may open the data directory), with the same outcome lines.
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { ImportOptions } from "./import";
import {
  type EarlierDataset,
  fileSha256,
  type FileOutcome,
  finishImports,
  type ImportedDataset,
  importedLine,
  sizeOf,
  skippedLine,
} from "./import-outcomes";
import type { CliOutput } from "./output";
import { authorization, huntDatasets, type Remote, resolveHunt } from "./remote-server";

interface UploadAnswer extends Partial<ImportedDataset> {
  error?: { code: string; message: string };
}

async function upload(remote: Remote, huntId: string, file: string, options: ImportOptions): Promise<UploadAnswer> {
  const query = new URLSearchParams({ filename: path.basename(file), ...(options.sourceTool ? { sourceTool: options.sourceTool } : {}) });
  const response = await fetch(`${remote.url}/hunts/${huntId}/datasets?${query}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...authorization(remote) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  const answer = (await response.json()) as UploadAnswer;
  return answer.dataset
    ? answer
    : { error: answer.error ?? { code: "INTERNAL_SERVER_ERROR", message: `the server answered ${response.status}` } };
}

async function sendOne(
  remote: Remote,
  huntId: string,
  file: string,
  options: ImportOptions,
  earlier: Map<string, EarlierDataset>,
  out: CliOutput,
) {
  const size = sizeOf(file);
  if (typeof size === "string") {
    out.stderr(`${file}: failed: ${size}\n`);
    return "failed";
  }
  const duplicate = options.allowDuplicate ? undefined : earlier.get(await fileSha256(file));
  if (duplicate) {
    out.line(skippedLine(file, duplicate));
    return "skipped";
  }
  const started = performance.now();
  const answer = await upload(remote, huntId, file, options);
  if (!answer.dataset) {
    out.stderr(`${file}: failed, nothing of it was stored: ${answer.error!.message}\n`);
    return "failed";
  }
  out.line(importedLine(file, answer as ImportedDataset, (performance.now() - started) / 1000, ` (through ${remote.url})`));
  return "imported";
}

/** Sends each file to the server at `remote`, in order, as importFiles does straight to the database. */
export async function importThroughServer(remote: Remote, files: string[], options: ImportOptions, out: CliOutput): Promise<void> {
  out.line(`the embedded database is served by the huntgraph server at ${remote.url}: sending the files through it`);
  const huntId = await resolveHunt(remote, options.hunt, options.createHunt ?? false, out);
  // the hunt's datasets by content, for what was imported already
  const earlier = new Map<string, EarlierDataset>();
  for (const dataset of await huntDatasets(remote, huntId))
    if (dataset.contentSha256 && !earlier.has(dataset.contentSha256)) earlier.set(dataset.contentSha256, dataset);
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    outcomes.push(await sendOne(remote, huntId, file, options, earlier, out));
    if (outcomes.at(-1) === "failed" && options.stopOnError) break;
  }
  finishImports(files.length, outcomes, out);
}
