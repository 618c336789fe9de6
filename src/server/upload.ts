// Streaming upload of large CSV exports: POST /hunts/:huntId/datasets, as a raw body or as
// multipart/form-data. The body flows straight into the ingestion pipeline, never whole in memory.
import type { Readable } from "node:stream";
import busboy from "busboy";
import express, { type Request, type Response, type Router } from "express";
import type { ImportRequest } from "../modules/ingest/ingest.service";
import type { Services } from "../modules/services";
import { badInput, ErrorCode, errorCode, HTTP_STATUS } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";
import { logger } from "../shared/logger";

type Upload = Pick<ImportRequest, "filename" | "name" | "sourceTool" | "source">;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** A raw body: the file's name and the dataset's fields come in the query string. */
function rawUpload(req: Request): Upload {
  const filename = text(req.query.filename);
  if (!filename) throw badInput("filename is required: POST the file with ?filename=<name>, or as multipart/form-data with a `file` field");
  return { filename, name: text(req.query.name), sourceTool: text(req.query.sourceTool), source: req };
}

/**
 * multipart/form-data: the first file part is the export; `name` and `sourceTool` fields must come before it.
 * A client that goes away before the file part (`signal`) ends the wait.
 */
function multipartUpload(req: Request, signal: AbortSignal): Promise<Upload> {
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    const fields: Record<string, string> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1024 } });
    } catch (error) {
      reject(badInput(`malformed multipart request: ${(error as Error).message}`));
      return;
    }
    parser.on("field", (name, value) => (fields[name] = value));
    parser.on("file", (_field, stream: Readable, info) => {
      const filename = text(info.filename) ?? text(req.query.filename);
      if (!filename) {
        stream.resume();
        reject(badInput("the file part has no file name"));
        return;
      }
      resolve({
        filename,
        name: text(fields.name) ?? text(req.query.name),
        sourceTool: text(fields.sourceTool) ?? text(req.query.sourceTool),
        source: stream,
      });
    });
    parser.on("error", (error: Error) => reject(badInput(`malformed multipart request: ${error.message}`)));
    parser.on("close", () => reject(badInput("the multipart request has no file part")));
    req.pipe(parser);
  });
}

function sendError(res: Response, error: unknown): void {
  const code = errorCode(error);
  // The rest of a rejected upload is not read: close the connection rather than drain it.
  res.set("Connection", "close");
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    res.status(HTTP_STATUS[code]).json({ error: { code, message: (error as Error).message } });
    return;
  }
  logger.error({ err: error }, "upload failed");
  res.status(500).json({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error; it has been logged" } });
}

export function uploadRouter(services: Services): Router {
  const router = express.Router();
  router.post("/hunts/:huntId/datasets", async (req, res) => {
    const aborted = new AbortController();
    // A client that goes away mid-upload cancels the import: nothing of it is kept.
    req.once("close", () => {
      if (!req.complete) aborted.abort(new Error("the client closed the upload before it was complete"));
    });
    try {
      const huntId = req.params.huntId;
      if (!ID_PATTERN.test(huntId)) throw badInput(`huntId must be a 32-character lowercase hex id, got '${huntId}'`);
      const upload = req.is("multipart/form-data") ? await multipartUpload(req, aborted.signal) : rawUpload(req);
      const result = await services.ingest.importCsv({ ...upload, huntId, signal: aborted.signal });
      res.status(201).json(result);
    } catch (error) {
      if (aborted.signal.aborted) {
        logger.info({ huntId: req.params.huntId }, "upload cancelled by the client; nothing was stored");
        return;
      }
      sendError(res, error);
    }
  });
  return router;
}
