// A throw-away PostgreSQL primary and its streaming replica, made with initdb and pg_basebackup from the
// server binaries of this machine, on ports of their own, for the read-replica test. The clusters run as
// the postgres user when the tests run as root (PostgreSQL refuses to run as root).
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, appendFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Clusters {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the replica (pg_wal_replay_pause(), say) as the superuser. */
  onReplica(sql: string): Promise<void>;
  stopReplica(): Promise<void>;
  remove(): Promise<void>;
}

function binaries(): string {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("the read-replica test needs PostgreSQL's server binaries (pg_config, initdb, pg_ctl, pg_basebackup) on the PATH");
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startClusters(): Promise<Clusters> {
  const bin = binaries();
  const root = mkdtempSync(path.join(os.tmpdir(), "huntgraph-replica-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }));
    chownSync(root, id("-u"), id("-g"));
    chmodSync(root, 0o700);
  }
  const as = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primary = path.join(root, "primary");
  const replica = path.join(root, "replica");
  const settings = (port: number) =>
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${root}'\nfsync = off\nshared_buffers = 32MB\n`;

  await as("initdb", ["-D", primary, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  appendFileSync(primary + "/postgresql.conf", settings(primaryPort) + "wal_level = replica\nmax_wal_senders = 4\n");
  await as("pg_ctl", ["-D", primary, "-l", path.join(root, "primary.log"), "-w", "start"]);
  await as("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primaryPort),
    "-U",
    "postgres",
    "-D",
    replica,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  appendFileSync(replica + "/postgresql.conf", settings(replicaPort));
  await as("pg_ctl", ["-D", replica, "-l", path.join(root, "replica.log"), "-w", "start"]);

  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
  let replicaUp = true;
  const stop = (dir: string) => as("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl,
    async onReplica(sql) {
      await run(path.join(bin, "psql"), [replicaUrl, "-Atqc", sql]);
    },
    async stopReplica() {
      replicaUp = false;
      await stop(replica);
    },
    async remove() {
      if (replicaUp) await stop(replica);
      await stop(primary);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
