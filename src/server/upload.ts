// Streaming upload of large CSV exports: POST /hunts/:huntId/datasets, as a raw body or as
// multipart/form-data. The body is spooled to a temporary file first, so that a slow or stalled client
// holds no database connection, then imported from it (never whole in memory). Every failure is a coded
// JSON answer, and the connection is closed after it.
import { createReadStream, createWriteStream, type ReadStream, rmSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import express, { type Request, type Response, type Router } from "express";
import { HuntVisibility } from "../modules/hunt/hunt-visibility";
import type { ImportRequest, ImportResult } from "../modules/ingest/ingest.service";
import type { Services } from "../modules/services";
import { badInput, ErrorCode, errorCode, serverBusy, uploadTimedOut } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";
import { logger } from "../shared/logger";
import { scratchDirectory } from "../shared/scratch";
import { sendError } from "./http-errors";
import { callerOf, requires } from "./route-access";

export interface UploadLimits {
  /** An upload that sends no byte for this long is ended. */
  idleMs: number;
  /** An upload not received whole within this time is ended (however slowly it trickles). */
  deadlineMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { idleMs: 30_000, deadlineMs: 30 * 60_000 };

type Upload = Pick<ImportRequest, "filename" | "name" | "sourceTool">;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** A raw body: the file's name and the dataset's fields come in the query string. */
function rawFields(req: Request): Upload {
  const filename = text(req.query.filename);
  if (!filename) throw badInput("filename is required: POST the file with ?filename=<name>, or as multipart/form-data with a `file` field");
  return { filename, name: text(req.query.name), sourceTool: text(req.query.sourceTool) };
}

/** The content types a cross-origin page may send without a preflight (the CORS "simple" ones), and none. */
const SIMPLE_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * A request a page of another origin could send without the browser asking first is refused unless it
 * carries a header no such page can set, as /graphql refuses one (Apollo's CSRF prevention).
 */
function refuseCrossSiteForms(req: Request): void {
  const simple = req.headers["content-type"] === undefined || req.is(SIMPLE_TYPES) !== false;
  if (simple && !req.headers["x-requested-with"] && !req.headers["apollo-require-preflight"]) {
    throw badInput(
      "this request could come from a form on another site, so it is refused: send the file with Content-Type text/csv " +
        "(or application/octet-stream), or add the header X-Requested-With (any value) to a multipart upload",
    );
  }
}

/**
 * Watches an upload's bytes: `expired` rejects with UPLOAD_TIMED_OUT when none came for `idleMs`, or when
 * the upload is not whole after `deadlineMs`, however slowly it trickles.
 */
class UploadClock {
  readonly expired: Promise<never>;
  private idle: NodeJS.Timeout | undefined;
  private readonly deadline: NodeJS.Timeout;
  private expire!: (error: Error) => void;

  constructor(
    private readonly req: Request,
    private readonly limits: UploadLimits,
  ) {
    this.expired = new Promise<never>((_, reject) => (this.expire = reject));
    this.expired.catch(() => undefined);
    this.deadline = setTimeout(
      () => this.expire(uploadTimedOut(`not received whole within ${limits.deadlineMs / 1000} s`)),
      limits.deadlineMs,
    );
    this.tick();
    req.on("data", this.tick);
  }

  private readonly tick = () => {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.expire(uploadTimedOut(`no bytes came for ${this.limits.idleMs / 1000} s`)), this.limits.idleMs);
  };

  stop(): void {
    clearTimeout(this.idle);
    clearTimeout(this.deadline);
    this.req.off("data", this.tick);
  }
}

/** Writes `source` to `file`. */
async function spool(source: Readable, file: string): Promise<void> {
  await pipeline(source, createWriteStream(file));
}

/**
 * multipart/form-data: the first file part is the export, spooled to `file`; `name` and `sourceTool`
 * fields must come before it.
 */
function receiveMultipart(req: Request, file: string): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1024 } });
    } catch (error) {
      reject(badInput(`malformed multipart request: ${(error as Error).message}`));
      return;
    }
    let received: Promise<Upload> | undefined;
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (_field, stream: Readable, info) => {
      const filename = text(info.filename) ?? text(req.query.filename);
      if (!filename) {
        stream.resume();
        reject(badInput("the file part has no file name"));
        return;
      }
      const upload = {
        filename,
        name: text(fields.name) ?? text(req.query.name),
        sourceTool: text(fields.sourceTool) ?? text(req.query.sourceTool),
      };
      received = spool(stream, file).then(() => upload);
      received.then(resolve, reject);
    });
    parser.on("error", (error: Error) => reject(badInput(`malformed multipart request: ${error.message}`)));
    parser.on("close", () => {
      if (!received) reject(badInput("the multipart request has no file part"));
    });
    req.pipe(parser);
  });
}

function sendUploadError(res: Response, error: unknown): void {
  // The rest of a rejected upload is not read: close the connection rather than drain it.
  res.set("Connection", "close");
  if (errorCode(error) === ErrorCode.SERVER_BUSY) res.set("Retry-After", "5");
  sendError(res, error, "upload failed");
}

/** The answer to an upload that failed: none to a client that left; the shutdown's reason when a stop cancelled it. */
function answerFailure(req: Request, res: Response, error: unknown, aborted: AbortSignal): void {
  const stopped = aborted.aborted && errorCode(aborted.reason) === ErrorCode.SHUTTING_DOWN;
  if (errorCode(error) === ErrorCode.UPLOAD_TIMED_OUT) {
    // stop reading; the answer closes the connection
    req.unpipe();
    req.pause();
    sendUploadError(res, error);
  } else if (stopped) {
    logger.warn({ huntId: req.params.huntId }, "import cancelled by the shutdown and rolled back; nothing was stored");
    sendUploadError(res, aborted.reason);
  } else if (aborted.aborted) {
    logger.info({ huntId: req.params.huntId }, "upload cancelled by the client; nothing was stored");
  } else {
    sendUploadError(res, error);
  }
}

export function uploadRouter(services: Services, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS, stopping?: AbortSignal): Router {
  const router = express.Router();
  router.post("/hunts/:huntId/datasets", requires(services.auth, "analyst"), async (req, res) => {
    const caller = callerOf(res);
    const audit = (filename?: string, result?: ImportResult, error?: unknown) =>
      services.audit.record(caller, {
        action: "import",
        target: `huntId ${String(req.params.huntId)}`,
        outcome: result ? "ok" : "failed",
        errorCode: errorCode(error) ?? null,
        details: result ? { filename, datasetId: result.dataset.id, rows: result.dataset.rowCount } : null,
      });
    const aborted = new AbortController();
    const gone = new Promise<never>((_, reject) => aborted.signal.addEventListener("abort", () => reject(aborted.signal.reason)));
    gone.catch(() => undefined);
    // A client that goes away mid-upload cancels the import: nothing of it is kept.
    req.once("close", () => {
      if (!req.complete) aborted.abort(new Error("the client closed the upload before it was complete"));
    });
    // so does a shutdown whose deadline passes: the import rolls back, and the answer says so
    const onStop = () => aborted.abort(stopping?.reason);
    stopping?.addEventListener("abort", onStop, { once: true });
    let directory: string | undefined;
    let clock: UploadClock | undefined;
    let source: ReadStream | undefined;
    try {
      const huntId = String(req.params.huntId);
      if (!ID_PATTERN.test(huntId)) throw badInput(`huntId must be a 32-character lowercase hex id, got '${huntId}'`);
      refuseCrossSiteForms(req);
      await new HuntVisibility(services.db, caller).assertHunts([huntId]);
      // fail fast, before receiving a file that could not be imported now
      if (!services.ingest.hasCapacity()) throw serverBusy();
      directory = scratchDirectory("upload");
      const file = join(directory, "upload.csv");
      clock = new UploadClock(req, limits);
      const multipart = Boolean(req.is("multipart/form-data"));
      const fields = multipart ? undefined : rawFields(req);
      const receive = fields ? spool(req, file).then(() => fields) : receiveMultipart(req, file);
      const upload = await Promise.race([receive, clock.expired, gone]);
      clock.stop();
      source = createReadStream(file);
      // the import reports a read error itself; one that comes after a refusal (SERVER_BUSY), once the file is gone, is nobody's
      source.once("error", () => undefined);
      const result = await services.ingest.importCsv({ ...upload, huntId, source, signal: aborted.signal });
      audit(upload.filename, result);
      res.status(201).json(result);
    } catch (error) {
      audit(undefined, undefined, error);
      answerFailure(req, res, error, aborted.signal);
    } finally {
      stopping?.removeEventListener("abort", onStop);
      clock?.stop();
      source?.destroy();
      if (directory) rmSync(directory, { recursive: true, force: true });
    }
  });
  return router;
}
