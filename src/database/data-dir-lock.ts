// One process per embedded database: PGlite has no server of its own, and two processes writing one data
// directory corrupt it. The first to open it holds huntgraph.lock in it (its pid, its command, and once it
// listens, its URL); another is refused with that information, or, for an import, sent through the server.
// A lock whose process is gone (killed, or the machine rebooted) is taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { alive } from "../shared/scratch";

export interface LockHolder {
  pid: number;
  /** The command that holds it: serve, import, ... */
  command: string;
  /** Where a serving process listens. */
  url?: string;
  since: string;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.url ? `, listening at ${holder.url}` : "";
    super(
      `the embedded database in ${dataDir} is in use by \`huntgraph ${holder.command}\` (pid ${holder.pid}${where}); ` +
        "one process at a time may open it: stop that process, or set HUNTGRAPH_DATA_DIR to another directory",
    );
    this.name = "DataDirInUse";
  }
}

/**
 * Whether the lock's holder still runs: its pid is alive and, where /proc tells, is a Node process (after
 * a reboot the pid may belong to something else).
 */
function holderRuns(holder: LockHolder): boolean {
  if (!alive(holder.pid)) return false;
  try {
    return readFileSync(`/proc/${holder.pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true;
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockHolder;
  } catch {
    // gone meanwhile, or a partial write of a process killed while writing it
    return null;
  }
}

/** The process's command, for the lock's holder: `huntgraph <command>`. */
let currentCommand = "huntgraph";
export function setLockCommand(command: string): void {
  currentCommand = command;
}

export class DataDirLock {
  private constructor(
    private readonly file: string,
    private holder: LockHolder,
    /** The holder of a stale lock this one took over: a process that stopped without closing the database. */
    readonly recovered: LockHolder | null,
  ) {}

  /** Takes the lock of `dataDir`, or throws DataDirInUse naming the process that holds it. */
  static acquire(dataDir: string): DataDirLock {
    const file = path.join(dataDir, "huntgraph.lock");
    const holder: LockHolder = { pid: process.pid, command: currentCommand, since: new Date().toISOString() };
    let recovered: LockHolder | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(file, JSON.stringify(holder), { flag: "wx" });
        return new DataDirLock(file, holder, recovered);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = readHolder(file);
      if (current && current.pid !== process.pid && holderRuns(current)) throw new DataDirInUse(dataDir, current);
      // stale: its process is gone (or the file is unreadable); take it over
      recovered = current ?? { pid: 0, command: "unknown", since: "" };
      rmSync(file, { force: true });
    }
    throw new Error(`cannot take the lock ${file}: other processes keep taking it`);
  }

  /** Records where this process serves the database, for the processes it refuses. */
  advertise(url: string): void {
    this.holder = { ...this.holder, url };
    writeFileSync(this.file, JSON.stringify(this.holder));
  }

  release(): void {
    if (readHolder(this.file)?.pid === process.pid) rmSync(this.file, { force: true });
  }
}
