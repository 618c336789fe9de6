// What `huntgraph import` says of each file and of all of them, the same whether the files go straight
// to the database or through a running server.
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { badInput } from "../shared/errors";
import type { CliOutput } from "./output";

export type FileOutcome = "imported" | "skipped" | "failed";

/** "1 row", "2 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The size of a file, or why it cannot be read. */
export function sizeOf(file: string): number | string {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats.size : "not a file";
  } catch {
    return "no such file";
  }
}

/** The SHA-256 of a file's bytes, as the import records it. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

export interface EarlierDataset {
  id: string;
  name: string;
  createdAt: Date | string;
}

export function skippedLine(file: string, earlier: EarlierDataset): string {
  const when = new Date(earlier.createdAt).toISOString();
  return `${file}: skipped, the same content as dataset ${earlier.id} ('${earlier.name}', imported ${when}); --allow-duplicate imports it again`;
}

export interface ImportedDataset {
  dataset: { id: string; rowCount: number; iocColumns: Record<string, string> | null };
  paddedRows: number;
  extendedRows: number;
}

export function importedLine(file: string, { dataset, paddedRows, extendedRows }: ImportedDataset, seconds: number, through = ""): string {
  const columns = plural(Object.keys(dataset.iocColumns ?? {}).length, "IOC column");
  const ragged =
    paddedRows + extendedRows > 0 ? `, ${plural(paddedRows, "short row")} padded, ${plural(extendedRows, "long row")} extended` : "";
  const rate = Math.round(dataset.rowCount / Math.max(seconds, 0.001));
  return `${file}: ${plural(dataset.rowCount, "row")}, ${columns}${ragged} in ${seconds.toFixed(1)} s (${rate} rows/s) → dataset ${dataset.id}${through}`;
}

/** The total, when there were several files; fails (exit code 1) when any file failed. */
export function finishImports(files: number, outcomes: FileOutcome[], out: CliOutput): void {
  const count = (outcome: FileOutcome) => outcomes.filter((o) => o === outcome).length;
  const failed = count("failed");
  const notTried = files - outcomes.length;
  if (files > 1) {
    const parts = [`${count("imported")} of ${plural(files, "file")} imported`];
    if (count("skipped") > 0) parts.push(`${count("skipped")} skipped as already imported`);
    if (failed > 0) parts.push(`${failed} failed`);
    if (notTried > 0) parts.push(`${notTried} not tried (--stop-on-error)`);
    out.line(parts.join(", "));
  }
  if (failed > 0) throw badInput(failed === 1 && files === 1 ? "the file was not imported" : `${plural(failed, "file")} failed`);
}
