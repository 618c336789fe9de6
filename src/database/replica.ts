// Read-only work on a streaming replica (DATABASE_READ_URL), writes on the primary. The router samples the
// primary's WAL position and the replica's replay position every second: the replica has caught up to a
// moment when it has replayed what the primary had written by then. It serves reads while it is no more
// than `maxLagMs` behind; when it falls further behind or stops answering, reads go to the primary (with
// a log line), and back when it catches up (another). A caller who wrote is read from the primary until
// the replica has replayed past that write, so it always sees its own changes.
import { logger } from "../shared/logger";
import type { Database } from "./data-source";

export const DEFAULT_REPLICA_MAX_LAG_MS = 10_000;
const SAMPLE_MS = 1000;

/** A WAL position ("16/B374D848") as a number of bytes. */
function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

type State = "unknown" | "serving" | "behind" | "unreachable" | "not a replica";

export class ReplicaRouter {
  /** The replica's database, once it has been opened (it is opened again after it could not be). */
  replica?: Database;
  /** The primary's positions, oldest first, for as long back as the lag allowed. */
  private samples: Array<{ at: number; lsn: bigint }> = [];
  /** The latest moment whose writes the replica has replayed (0: none known). */
  private caughtUpTo = 0;
  private state: State = "unknown";
  private readonly writes = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  constructor(
    private readonly primary: Database,
    private readonly openReplica: () => Promise<Database>,
    private readonly maxLagMs = DEFAULT_REPLICA_MAX_LAG_MS,
  ) {}

  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => void (this.sampling ??= this.sample().finally(() => (this.sampling = undefined))), SAMPLE_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
    await this.replica?.close();
  }

  /** Whether `caller`'s read-only request goes to the replica. */
  readsFromReplica(caller: string): boolean {
    if (this.state !== "serving" || !this.replica) return false;
    const wrote = this.writes.get(caller);
    if (wrote === undefined) return true;
    if (this.caughtUpTo < wrote) return false;
    this.writes.delete(caller);
    return true;
  }

  /** `caller` has just written on the primary: its reads stay there until the replica has replayed it. */
  noteWrite(caller: string): void {
    this.writes.set(caller, Date.now());
  }

  private async sample(): Promise<void> {
    const at = Date.now();
    let primaryLsn: bigint;
    try {
      const [row] = await this.primary.dataSource.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      primaryLsn = lsnBytes(row.lsn);
    } catch {
      return; // the primary's own health check tells of it
    }
    this.samples.push({ at, lsn: primaryLsn });
    let replayed: { lsn: string | null; recovering: boolean };
    try {
      this.replica ??= await this.openReplica();
      [replayed] = await this.replica.dataSource.query(`SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS recovering`);
    } catch (error) {
      this.become("unreachable", { err: error });
      return;
    }
    if (!replayed.recovering || replayed.lsn === null) {
      this.become("not a replica", {});
      return;
    }
    const position = lsnBytes(replayed.lsn);
    for (const sample of this.samples) if (sample.lsn <= position) this.caughtUpTo = Math.max(this.caughtUpTo, sample.at);
    // keep the samples the replica has not reached, and the last it has
    const reached = this.samples.filter((sample) => sample.lsn <= position).length;
    this.samples = this.samples.slice(Math.max(0, reached - 1));
    const lagMs = at - this.caughtUpTo;
    this.become(lagMs <= this.maxLagMs ? "serving" : "behind", { lagMs, maxLagMs: this.maxLagMs });
  }

  private become(state: State, details: Record<string, unknown>): void {
    if (state === this.state) return;
    const was = this.state;
    this.state = state;
    if (state === "serving") {
      logger.info({ ...details, was }, "the read replica is current: read-only requests go to it");
    } else {
      logger.warn({ ...details, replica: state }, `the read replica is ${state}: read-only requests go to the primary`);
    }
  }
}
