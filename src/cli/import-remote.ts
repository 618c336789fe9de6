// `huntgraph import` into the embedded database of a running server: the files go through that server's
// upload route (the server alone may open the data directory), with the same outcome lines.
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { badInput } from "../shared/errors";
import type { ImportOptions } from "./import";
import type { CliOutput } from "./output";
import { authorization, type Remote, resolveHunt } from "./remote-server";

interface UploadAnswer {
  dataset?: { id: string; rowCount: number; iocColumns: Record<string, string> | null };
  error?: { code: string; message: string };
}

/** Sends each file to the server at `url`, in order; stops at the first failure (earlier files stay imported). */
export async function importThroughServer(remote: Remote, files: string[], options: ImportOptions, out: CliOutput): Promise<void> {
  const { url } = remote;
  out.line(`the embedded database is served by the huntgraph server at ${url}: sending the files through it`);
  const huntId = await resolveHunt(remote, options.hunt, options.createHunt ?? false);
  for (const file of files) {
    const filename = path.basename(file);
    const query = new URLSearchParams({ filename, ...(options.sourceTool ? { sourceTool: options.sourceTool } : {}) });
    const started = performance.now();
    const response = await fetch(`${url}/hunts/${huntId}/datasets?${query}`, {
      method: "POST",
      headers: { "content-type": "text/csv", ...authorization(remote) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const answer = (await response.json()) as UploadAnswer;
    if (!answer.dataset) throw badInput(answer.error?.message ?? `the server answered ${response.status}`);
    const seconds = (performance.now() - started) / 1000;
    const { dataset } = answer;
    out.line(
      `${file}: ${dataset.rowCount} rows, ${Object.keys(dataset.iocColumns ?? {}).length} IOC columns in ${seconds.toFixed(1)} s → dataset ${dataset.id} (through ${url})`,
    );
  }
}
