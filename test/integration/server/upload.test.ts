// The streaming CSV upload, POST /hunts/:huntId/datasets, on the real HTTP server: raw and multipart
// bodies, every refusal with its status and message, a client that goes away, and a body never held whole.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { Database } from "../../../src/database/data-source";
import { type ImportProgress, type ImportRequest, IngestService } from "../../../src/modules/ingest/ingest.service";
import { createServices, type Services } from "../../../src/modules/services";
import { type RunningServer, startServer } from "../../../src/server/app";
import { logger } from "../../../src/shared/logger";
import { openTestDatabase } from "../../support/database";
import { commandLineExport, type StoredCounts, storedCounts, storedOf, waitFor } from "../../support/ingest";

const FIXTURES = join(__dirname, "../../fixtures");
const UNKNOWN_HUNT = "0000000000000000000000000000000f";
const MB = 1_000_000;

let database: Database;
let server: RunningServer;
let services: Services;
let huntId: string;

beforeAll(async () => {
  // stop() closes the database, so the server gets one of its own.
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0 });
  services = createServices(database);
  huntId = (await services.hunts.create({ name: "Operation Nightfall" })).id;
});
afterAll(() => server.stop());

const fixture = (file: string) => readFileSync(join(FIXTURES, file));
const uploadUrl = (hunt: string, query: Record<string, string> = {}) =>
  `${server.url}/hunts/${hunt}/datasets?${new URLSearchParams(query)}`;

/** The header that tells an upload from a cross-site form's (which cannot set it). */
const NOT_A_FORM = { "x-requested-with": "huntgraph-tests" };

/** A multipart/form-data body built by hand, for parts FormData cannot make (a file part without a file name). */
function postMultipart(url: string, parts: Array<{ disposition: string; type?: string; body: Uint8Array | string }>): Promise<Response> {
  const boundary = "huntgraph-test-boundary";
  const body = Buffer.concat([
    ...parts.flatMap(({ disposition, type, body: content }) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ""}\r\n`),
      Buffer.from(content),
      Buffer.from("\r\n"),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return fetch(url, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...NOT_A_FORM }, body });
}

/** The JSON body of an upload's answer. */
const bodyOf = (response: Response): Promise<any> => response.json();

function postRaw(hunt: string, body: Uint8Array | string, query: Record<string, string> = {}): Promise<Response> {
  return fetch(uploadUrl(hunt, query), { method: "POST", headers: { "content-type": "text/csv" }, body });
}

interface Progress extends ImportProgress {
  /** Bytes the client had sent when the server reported this progress. */
  sent: number;
}

/**
 * Watches the imports the server starts (the real pipeline, with its progress recorded next to what the
 * client has sent so far), so that a test can wait for an import to reach a row count and then to settle.
 */
function watchImports(sent: () => number) {
  const original = IngestService.prototype.importCsv;
  const progress: Progress[] = [];
  const spy = jest.spyOn(IngestService.prototype, "importCsv").mockImplementation(function (this: IngestService, request: ImportRequest) {
    return original.call(this, { ...request, onProgress: (p) => progress.push({ ...p, sent: sent() }) });
  });
  return {
    progress,
    rows: () => progress.at(-1)?.rows ?? 0,
    /** The import the server started, once settled: `{ error }` when it rejected. */
    async settled(): Promise<{ error?: Error }> {
      await waitFor(() => spy.mock.results.length > 0, "the server to start the import");
      expect(spy).toHaveBeenCalledTimes(1);
      return (spy.mock.results[0].value as Promise<unknown>).then(
        () => ({}),
        (error: Error) => ({ error }),
      );
    },
    restore: () => spy.mockRestore(),
  };
}

/**
 * A chunked POST of a generated export (its length unknown to the server), written as the server reads
 * it: `send` writes chunks until told to stop, until the body is over, or until the server has read
 * nothing for `stallMs`.
 */
function streamUpload(source: Readable, filename: string) {
  const req = httpRequest(uploadUrl(huntId, { filename }), { method: "POST", headers: { "content-type": "text/csv" } });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once("response", async (res) => {
      let text = "";
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
    });
    req.once("error", reject);
  });
  response.catch(() => undefined);
  const chunks = source[Symbol.asyncIterator]();
  const upload = {
    req,
    response,
    sent: 0,
    /** Resolves with why it stopped. */
    async send({ until = () => false, stallMs }: { until?: () => boolean; stallMs?: number } = {}): Promise<"told" | "stalled" | "done"> {
      while (!until()) {
        const next = await chunks.next();
        if (next.done) return "done";
        upload.sent += next.value.length;
        if (req.write(next.value)) continue;
        const drained = once(req, "drain").then(() => true);
        const stalled =
          stallMs === undefined ? drained : new Promise<boolean>((resolve) => setTimeout(() => resolve(false), stallMs).unref());
        if (!(await Promise.race([drained, stalled]))) return "stalled";
      }
      return "told";
    },
  };
  return upload;
}

describe("POST /hunts/:huntId/datasets", () => {
  let before: StoredCounts;
  beforeEach(async () => {
    before = await storedCounts(database.dataSource);
  });

  it("stores a raw body as a dataset named by the query string and answers 201 with it", async () => {
    const response = await postRaw(huntId, fixture("velociraptor-netstat.csv"), {
      filename: "netstat.csv",
      name: "WS-FIN-042 netstat",
      sourceTool: "velociraptor",
    });
    expect(response.status).toBe(201);
    const body = await bodyOf(response);
    expect(body).toMatchObject({
      paddedRows: 0,
      extendedRows: 0,
      dataset: {
        huntId,
        name: "WS-FIN-042 netstat",
        filename: "netstat.csv",
        sourceTool: "velociraptor",
        rowCount: 8,
        fileSizeBytes: 961,
        encoding: "utf-8",
        delimiter: ",",
        iocColumns: { "Laddr.IP": "ip", "Raddr.IP": "ip", Fqdn: "hostname" },
        timeRangeStart: "2024-03-12T08:02:11.000Z",
        timeRangeEnd: "2024-03-12T09:21:56.000Z",
      },
    });
    expect(body.dataset.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await storedOf(database.dataSource, body.dataset.id)).toEqual({ datasets: 1, rows: 8, occurrences: 9 });
  });

  it("passes a raw Windows-1252 body through byte for byte", async () => {
    const response = await postRaw(huntId, fixture("logons-cp1252.csv"), { filename: "logons.csv" });
    expect(response.status).toBe(201);
    const { dataset } = await bodyOf(response);
    expect(dataset).toMatchObject({ name: "logons.csv", sourceTool: null, rowCount: 4, encoding: "windows-1252", fileSizeBytes: 544 });
    const [row] = await database.dataSource.query(`SELECT data FROM dataset_rows WHERE dataset_id = $1 AND row_index = 1`, [dataset.id]);
    expect(row.data.AccountName).toBe("jürgen.müller");
  });

  it("stores the file part of a multipart body, named by the part's file name, with the fields before it", async () => {
    const form = new FormData();
    form.append("name", "Sysmon WS-FIN-042");
    form.append("sourceTool", "sysmon");
    form.append("file", new Blob([fixture("sysmon-utf16le.csv")], { type: "text/csv" }), "sysmon-utf16le.csv");
    const response = await fetch(uploadUrl(huntId), { method: "POST", body: form, headers: NOT_A_FORM });
    expect(response.status).toBe(201);
    const { dataset, paddedRows, extendedRows } = await bodyOf(response);
    expect([paddedRows, extendedRows]).toEqual([0, 0]);
    expect(dataset).toMatchObject({
      huntId,
      name: "Sysmon WS-FIN-042",
      filename: "sysmon-utf16le.csv",
      sourceTool: "sysmon",
      rowCount: 5,
      encoding: "utf-16le",
      fileSizeBytes: 2920,
      iocColumns: { Computer: "domain", MD5: "hash_md5", SHA256: "hash_sha256", DestinationIp: "ip", DestinationHostname: "domain" },
    });
    expect(await storedOf(database.dataSource, dataset.id)).toEqual({ datasets: 1, rows: 5, occurrences: 11 });
  });

  it("answers 400 with what to do when a raw body comes without a file name, and stores nothing", async () => {
    const response = await postRaw(huntId, fixture("velociraptor-netstat.csv"));
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({
      error: {
        code: "BAD_USER_INPUT",
        message: "filename is required: POST the file with ?filename=<name>, or as multipart/form-data with a `file` field",
      },
    });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("answers 400 to a multipart body without a file part", async () => {
    const form = new FormData();
    form.append("name", "no file");
    const response = await fetch(uploadUrl(huntId), { method: "POST", body: form, headers: NOT_A_FORM });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({ error: { code: "BAD_USER_INPUT", message: "the multipart request has no file part" } });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("answers 400 to a file part without a file name", async () => {
    const response = await postMultipart(uploadUrl(huntId), [
      { disposition: 'name="file"', type: "application/octet-stream", body: fixture("velociraptor-netstat.csv") },
    ]);
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({ error: { code: "BAD_USER_INPUT", message: "the file part has no file name" } });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("names a file part without a file name by ?filename=", async () => {
    const response = await postMultipart(uploadUrl(huntId, { filename: "netstat-by-query.csv" }), [
      { disposition: 'name="sourceTool"', body: "velociraptor" },
      { disposition: 'name="file"', type: "application/octet-stream", body: fixture("velociraptor-netstat.csv") },
    ]);
    expect(response.status).toBe(201);
    const { dataset } = await bodyOf(response);
    expect(dataset).toMatchObject({
      name: "netstat-by-query.csv",
      filename: "netstat-by-query.csv",
      sourceTool: "velociraptor",
      rowCount: 8,
    });
  });

  it("answers 400 to a hunt id that is not an id", async () => {
    const response = await postRaw("nope", fixture("velociraptor-netstat.csv"), { filename: "netstat.csv" });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({
      error: { code: "BAD_USER_INPUT", message: "huntId must be a 32-character lowercase hex id, got 'nope'" },
    });
  });

  it("answers 404 to an unknown hunt, and stores nothing", async () => {
    const response = await postRaw(UNKNOWN_HUNT, fixture("velociraptor-netstat.csv"), { filename: "netstat.csv" });
    expect(response.status).toBe(404);
    expect(await bodyOf(response)).toEqual({ error: { code: "NOT_FOUND", message: `No hunt with id '${UNKNOWN_HUNT}'` } });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("answers 400 naming the file, the line and the reason to a malformed file, and stores nothing", async () => {
    const response = await postRaw(huntId, fixture("malformed-quoting.csv"), { filename: "malformed-quoting.csv" });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({
      error: {
        code: "BAD_USER_INPUT",
        message:
          'malformed-quoting.csv line 4: malformed quoting: text after the closing quote of a field (a quote inside a quoted field is written "")',
      },
    });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });

  it("answers 400 to a bad file sent as multipart too", async () => {
    const form = new FormData();
    form.append("file", new Blob([fixture("header-only.csv")]), "header-only.csv");
    const response = await fetch(uploadUrl(huntId), { method: "POST", body: form, headers: NOT_A_FORM });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toEqual({
      error: { code: "BAD_USER_INPUT", message: "header-only.csv line 1: header row but no data rows" },
    });
    expect(await storedCounts(database.dataSource)).toEqual(before);
  });
});

describe("a large upload", () => {
  let before: StoredCounts;
  let upload: ReturnType<typeof streamUpload>;
  let imports: ReturnType<typeof watchImports>;
  beforeEach(async () => {
    before = await storedCounts(database.dataSource);
    imports = watchImports(() => upload?.sent ?? 0);
  });
  afterEach(() => imports.restore());

  it("imports a chunked body of unknown length whole", async () => {
    upload = streamUpload(commandLineExport(6_000), "processes.csv");
    expect(await upload.send()).toBe("done");
    upload.req.end();
    const { status, body } = await upload.response;
    expect(status).toBe(201);
    expect(body.dataset).toMatchObject({
      filename: "processes.csv",
      rowCount: 6_000,
      fileSizeBytes: upload.sent,
      iocColumns: { hostname: "hostname", src_ip: "ip" },
    });
    // 20 host names and 50 addresses repeat through the file.
    expect(await storedOf(database.dataSource, body.dataset.id)).toEqual({ datasets: 1, rows: 6_000, occurrences: 70 });
    expect(upload.sent).toBeGreaterThan(5 * MB);
  });

  // The body is received to a temporary file before the import starts: a slow client holds a socket and
  // a file, never a database connection, and memory stays bounded by the socket buffers.
  it("receives a 50 MB body whole while the database is busy, then imports it", async () => {
    upload = streamUpload(commandLineExport(52_000), "held-up.csv");
    const holder = database.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query("LOCK TABLE datasets IN EXCLUSIVE MODE");
      // a server that read the body only as fast as the import stores it would stall here
      expect(await upload.send({ stallMs: 5000 })).toBe("done");
      expect(imports.progress).toEqual([]);
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    upload.req.end();
    const { status, body } = await upload.response;
    expect(status).toBe(201);
    expect(body.dataset).toMatchObject({ filename: "held-up.csv", rowCount: 52_000, fileSizeBytes: upload.sent });
    expect(upload.sent).toBeGreaterThan(50 * MB);
    await database.dataSource.query("DELETE FROM datasets WHERE id = $1", [body.dataset.id]);
  });

  it("keeps nothing when the client goes away halfway", async () => {
    const logged = jest.spyOn(logger, "info");
    upload = streamUpload(commandLineExport(30_000), "cut-short.csv");
    expect(await upload.send({ until: () => upload.sent > 10 * MB })).toBe("told");
    upload.req.destroy();
    await waitFor(
      () => logged.mock.calls.some((call) => call[1] === "upload cancelled by the client; nothing was stored"),
      "the server to log the cancellation",
    );
    expect(imports.progress).toEqual([]);
    expect(await storedCounts(database.dataSource)).toEqual(before);
    logged.mockRestore();
  });

  it("lets go of a multipart upload whose client goes away before the file part", async () => {
    const logged = jest.spyOn(logger, "info");
    const boundary = "huntgraph-test-boundary";
    const req = httpRequest(uploadUrl(huntId), {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...NOT_A_FORM },
    });
    req.on("error", () => undefined);
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="sourceTool"\r\n\r\nvelociraptor\r\n`);
    await waitFor(() => req.socket?.bytesWritten !== undefined && req.socket.bytesWritten > 0, "the field part to be sent");
    req.destroy();
    await waitFor(
      () => logged.mock.calls.some((call) => call[1] === "upload cancelled by the client; nothing was stored"),
      "the server to log the cancellation",
    );
    expect(await storedCounts(database.dataSource)).toEqual(before);
    logged.mockRestore();
  });
});

describe("the upload's limits", () => {
  let limited: RunningServer;
  let limitedDatabase: Database;
  beforeAll(async () => {
    limitedDatabase = await openTestDatabase();
    limited = await startServer(limitedDatabase, {
      host: "127.0.0.1",
      port: 0,
      uploadLimits: { idleMs: 300, deadlineMs: 1500 },
      maxImports: 1,
    });
  });
  afterAll(() => limited.stop());

  const url = async () => {
    const [{ id }] = await limitedDatabase.dataSource.query(
      `INSERT INTO hunts (id, name) VALUES (md5(random()::text), 'limits') RETURNING id`,
    );
    return `${limited.url}/hunts/${id}/datasets?filename=limits.csv`;
  };

  /** Sends `head`, then one byte every `everyMs` until the server answers; resolves with the answer. */
  async function trickle(target: string, head: string, everyMs: number | null) {
    const req = httpRequest(target, { method: "POST", headers: { "content-type": "text/csv" } });
    req.on("error", () => undefined);
    const answer = new Promise<{ status: number; headers: Record<string, unknown>; body: any }>((resolve) => {
      req.once("response", async (res) => {
        let text = "";
        for await (const chunk of res) text += chunk;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
      });
    });
    req.write(head);
    const timer = everyMs === null ? undefined : setInterval(() => req.write("x"), everyMs);
    const result = await answer;
    clearInterval(timer);
    req.destroy();
    return result;
  }

  it.each([
    ["text/plain", {}],
    ["application/x-www-form-urlencoded", {}],
    ["multipart/form-data; boundary=b", {}],
  ])("refuses a %s body that a form on another site could send", async (type) => {
    const response = await fetch(await url(), { method: "POST", headers: { "content-type": type }, body: "host,ip\nws1,10.0.0.1\n" });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toEqual({
      code: "BAD_USER_INPUT",
      message:
        "this request could come from a form on another site, so it is refused: send the file with Content-Type text/csv " +
        "(or application/octet-stream), or add the header X-Requested-With (any value) to a multipart upload",
    });
    expect(response.headers.get("connection")).toBe("close");
  });

  it("ends an upload that stalls, with UPLOAD_TIMED_OUT, and stores nothing", async () => {
    const before = await storedCounts(limitedDatabase.dataSource);
    const { status, headers, body } = await trickle(await url(), "host,ip\nws1,10.0.0.1\n", null);
    expect(status).toBe(408);
    expect(headers.connection).toBe("close");
    expect(body).toEqual({ error: { code: "UPLOAD_TIMED_OUT", message: "upload timed out: no bytes came for 0.3 s; nothing was stored" } });
    expect(await storedCounts(limitedDatabase.dataSource)).toEqual(before);
  });

  it("ends an upload that trickles past the deadline", async () => {
    const { status, body } = await trickle(await url(), "host,ip\nws1,10.0.0.1\n", 100);
    expect(status).toBe(408);
    expect(body.error.message).toBe("upload timed out: not received whole within 1.5 s; nothing was stored");
  });

  it("answers 503 with Retry-After beyond the imports it runs at once", async () => {
    const [firstUrl, secondUrl] = [await url(), await url()];
    // on PGlite the holder has the one connection: the import waits for it as it would for the lock
    const holder = limitedDatabase.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let first: Promise<Response> | undefined;
    try {
      await holder.query("LOCK TABLE datasets IN EXCLUSIVE MODE");
      first = fetch(firstUrl, { method: "POST", headers: { "content-type": "text/csv" }, body: "host,ip\nws1,10.0.0.1\n" });
      // the first upload is received in a few milliseconds, and its import then waits for the table
      await new Promise((resolve) => setTimeout(resolve, 500));
      const second = await fetch(secondUrl, { method: "POST", headers: { "content-type": "text/csv" }, body: "host,ip\nws2,10.0.0.2\n" });
      expect(second.status).toBe(503);
      expect(second.headers.get("retry-after")).toBe("5");
      expect((await bodyOf(second)).error.code).toBe("SERVER_BUSY");
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    expect((await first!).status).toBe(201);
  });
});
