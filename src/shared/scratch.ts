// Temporary directories of one process (spilled index runs, spooled uploads): named after the process,
// so that a later process can remove those of processes that were killed before cleaning up.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "huntgraph-";

/** A new directory for `purpose` under `parent`, named huntgraph-<purpose>-<pid>-<random>. */
export function scratchDirectory(purpose: string, parent = tmpdir()): string {
  return mkdtempSync(join(parent, `${PREFIX}${purpose}-${process.pid}-`));
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the scratch directories under `parent` of processes that no longer run; returns their names. */
export function removeStaleScratch(parent = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = Number(/^huntgraph-[a-z]+-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
