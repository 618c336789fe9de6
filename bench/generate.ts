// Synthetic endpoint exports for the benchmarks: netstat/sysmon-like rows, deterministic for a seed.
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Small, fast, seedable PRNG (mulberry32), so every run generates the same file. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROCESSES = ["svchost.exe", "chrome.exe", "powershell.exe", "outlook.exe", "teams.exe", "rundll32.exe", "sshd", "nginx"];
const STATES = ["ESTABLISHED", "LISTEN", "TIME_WAIT", "CLOSE_WAIT", "SYN_SENT"];
export const HEADER = "Timestamp,Hostname,Pid,Name,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status,SHA256";

export interface ExportOptions {
  rows: number;
  seed: number;
  /** Host names are `<hostPrefix>-0001` ...: distinct prefixes keep hunts' hosts apart. */
  hostPrefix: string;
  start: Date;
  /** Extra rows to scatter through the file, e.g. planted shared indicators. */
  planted?: (index: number) => string | undefined;
}

function hex(rand: () => number, length: number): string {
  let out = "";
  while (out.length < length)
    out += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, length);
}

/** One CSV row. Indicators are drawn from pools, so values repeat as they do in real exports. */
export function exportRow(rand: () => number, options: ExportOptions, index: number): string {
  const time = new Date(options.start.getTime() + index * 1000).toISOString().replace("T", " ").slice(0, 19);
  const host = `${options.hostPrefix}-${String(Math.floor(rand() * 200)).padStart(4, "0")}`;
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const local = `10.${options.seed % 200}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
  const remote = `${45 + (options.seed % 100)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}`;
  const hash = hex(random(options.seed * 7919 + Math.floor(rand() * 5000)), 64);
  return [
    time,
    host,
    1000 + Math.floor(rand() * 60000),
    pick(PROCESSES),
    local,
    49152 + Math.floor(rand() * 16000),
    remote,
    pick([443, 80, 22, 3389, 8443]),
    pick(STATES),
    hash,
  ].join(",");
}

/** Writes an export to `file` and resolves with its size in bytes. */
export async function writeExport(file: string, options: ExportOptions): Promise<number> {
  const out = createWriteStream(file);
  const rand = random(options.seed);
  let bytes = 0;
  let chunk = `${HEADER}\n`;
  for (let i = 0; i < options.rows; i++) {
    chunk += `${options.planted?.(i) ?? exportRow(rand, options, i)}\n`;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await once(out, "finish");
  return bytes;
}
