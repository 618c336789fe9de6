// The optional webhook: every new cross-hunt link that is not noise, POSTed as JSON to one URL, signed
// with HMAC-SHA256 over "<timestamp>.<body>" (X-Huntgraph-Signature: t=<unix seconds>,v1=<hex>). Of all
// the server processes sharing a database, one delivers: the one holding the session lock "webhook"
// (another takes over when its connection ends). What was delivered is kept in webhook_cursor, so a
// restart resumes after the last link delivered; a link may be delivered twice around a takeover
// (X-Huntgraph-Delivery is its id: receivers drop repeats). A refusal (4xx other than 408 and 429) is
// logged and skipped; anything else is retried with a growing delay, in order.
import { createHmac } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Notifications } from "../../database/notifications";
import { iocTypeName } from "../../shared/ioc-type";
import { logger } from "../../shared/logger";
import { openCaller } from "../auth/caller";
import type { HuntService } from "../hunt/hunt.service";
import type { LinkService } from "./link.service";
import type { CrossHuntLink } from "./link.type";

export interface WebhookSettings {
  url: string;
  /** The HMAC key the receiver verifies signatures with. */
  secret: string;
}

const START_CURSOR = `
  INSERT INTO webhook_cursor (id, last_event_id) SELECT 1, coalesce(max(id), 0) FROM ioc_link_events ON CONFLICT (id) DO NOTHING`;
const READ_CURSOR = `SELECT last_event_id::text AS id FROM webhook_cursor WHERE id = 1`;
const ADVANCE_CURSOR = `UPDATE webhook_cursor SET last_event_id = $1::bigint, updated_at = now() WHERE id = 1`;

/** How long a delivery may take; how often a process that does not deliver asks again. */
const DELIVERY_TIMEOUT_MS = 10_000;
const FOLLOWER_RETRY_MS = 10_000;
const RETRY_MS = [1000, 2000, 5000, 15_000, 30_000, 60_000];

/** The signature header of `body` sent at `seconds` (Unix time). */
function signature(secret: string, seconds: number, body: string): string {
  return `t=${seconds},v1=${createHmac("sha256", secret).update(`${seconds}.${body}`).digest("hex")}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export class WebhookSender {
  private readonly controller = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly links: LinkService,
    private readonly hunts: HuntService,
    private readonly notifications: () => Notifications,
    private readonly settings: WebhookSettings,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        if (await this.notifications().holds("webhook")) await this.deliverAll();
      } catch (error) {
        if (!this.signal.aborted) logger.warn({ err: error }, "the webhook stopped delivering: trying again");
      }
      await sleep(FOLLOWER_RETRY_MS, this.signal);
    }
  }

  /** Delivers every link after the cursor, as they come, while this process holds the lock. */
  private async deliverAll(): Promise<void> {
    await this.db.query(START_CURSOR);
    const [{ id: after }] = await this.db.query(READ_CURSOR);
    for await (const link of this.links.links(after, { includeSuppressed: false }, openCaller(), this.signal)) {
      if (!(await this.notifications().holds("webhook"))) return;
      await this.deliver(link);
      if (this.signal.aborted) return;
      await this.db.query(ADVANCE_CURSOR, [link.id]);
    }
  }

  private async body(link: CrossHuntLink): Promise<string> {
    const hunts = await this.hunts.byIds(link.huntIds);
    const name = new Map(hunts.filter((hunt) => hunt !== null).map((hunt) => [hunt!.id, hunt!.name]));
    return JSON.stringify({
      type: "cross_hunt_link",
      id: link.id,
      at: link.at.toISOString(),
      iocType: iocTypeName(link.iocType),
      value: link.value,
      hunt: { id: link.huntId, name: name.get(link.huntId) ?? null },
      datasetId: link.datasetId,
      hunts: link.huntIds.map((id) => ({ id, name: name.get(id) ?? null })),
      score: link.overlap?.score ?? null,
      verdict: link.overlap?.verdict?.toUpperCase() ?? null,
      reasons: link.overlap?.reasons.map(({ signal, effect, detail }) => ({ signal, effect, detail })) ?? [],
    });
  }

  /** POSTs one link until the receiver takes it (2xx) or refuses it (4xx), or the sender stops. */
  private async deliver(link: CrossHuntLink): Promise<void> {
    const body = await this.body(link);
    for (let attempt = 0; !this.signal.aborted; attempt++) {
      let failure: string;
      try {
        const seconds = Math.floor(Date.now() / 1000);
        const response = await fetch(this.settings.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "huntgraph-webhook",
            "x-huntgraph-event": "cross_hunt_link",
            "x-huntgraph-delivery": link.id,
            "x-huntgraph-signature": signature(this.settings.secret, seconds, body),
          },
          body,
          signal: AbortSignal.any([this.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
        });
        await response.body?.cancel();
        if (response.ok) return;
        if (response.status < 500 && response.status !== 408 && response.status !== 429) {
          logger.error({ link: link.id, status: response.status }, "the webhook's receiver refused a link: skipped");
          return;
        }
        failure = `HTTP ${response.status}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
      logger.warn({ link: link.id, attempt: attempt + 1, retryInMs: delay, failure }, "the webhook's delivery failed: retrying");
      await sleep(delay, this.signal);
    }
  }
}
