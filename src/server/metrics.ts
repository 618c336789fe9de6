// Prometheus metrics at /metrics (prom-client): request and operation latency, errors by code, the
// database pool, imports, the index's size and the data version, plus Node's own (event loop, heap, GC).
// One registry per server, so that several servers in one process (tests) count apart.
import type { NextFunction, Request, Response } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../database/data-source";
import type { ImportOutcome } from "../modules/ingest/ingest.service";
import { reportOf } from "./request-log";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Operation names are the clients' to choose: past this many, the others count as "other". */
const MOST_OPERATION_NAMES = 200;

interface Pool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();

  private readonly requests = new Histogram({
    name: "huntgraph_http_request_duration_seconds",
    help: "HTTP requests by method, route and status, and how long they took.",
    labelNames: ["method", "route", "status"],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly operations = new Histogram({
    name: "huntgraph_graphql_operation_duration_seconds",
    help: "GraphQL operations by name and type, and how long they took.",
    labelNames: ["operation", "type"],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: "huntgraph_errors_total",
    help: "Errors answered, by code (GraphQL errors and HTTP routes alike).",
    labelNames: ["code"],
    registers: [this.registry],
  });

  private readonly imports = new Counter({
    name: "huntgraph_imports_total",
    help: "Imports (files) by outcome: ok or failed.",
    labelNames: ["outcome"],
    registers: [this.registry],
  });

  private readonly importedRows = new Counter({
    name: "huntgraph_imported_rows_total",
    help: "Rows stored by imports.",
    registers: [this.registry],
  });

  private readonly importedBytes = new Counter({
    name: "huntgraph_imported_bytes_total",
    help: "Bytes of the files imported.",
    registers: [this.registry],
  });

  private readonly importSeconds = new Histogram({
    name: "huntgraph_import_duration_seconds",
    help: "How long imports took, whatever their outcome.",
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  constructor(database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: "huntgraph_" });
    const pool = (database.dataSource.driver as unknown as { master: Pool }).master;
    new Gauge({
      name: "huntgraph_db_pool_connections",
      help: "The database pool's connections: in use, idle, and requests waiting for one.",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
    this.databaseGauges(database);
  }

  /** Read at each scrape; left out of that scrape if the database cannot answer. */
  private databaseGauges(database: Database): void {
    let read: Promise<{ bytes: number; values: number; version: number } | undefined> | undefined;
    const current = () =>
      (read ??= database.dataSource
        .query(
          `SELECT (pg_total_relation_size('ioc_occurrences') + pg_total_relation_size('ioc_shared_values'))::float8 AS bytes,
                  (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'ioc_occurrences'::regclass) AS values,
                  (SELECT version::float8 FROM huntgraph_data_version) AS version`,
        )
        .then(
          ([row]) => row,
          () => undefined,
        )
        .finally(() => setImmediate(() => (read = undefined))));
    const gauges: Array<[name: string, help: string, key: "bytes" | "values" | "version"]> = [
      ["huntgraph_index_bytes", "Size on disk of the occurrence index (its entries and shared values), indexes included.", "bytes"],
      ["huntgraph_index_entries", "Entries of the occurrence index (PostgreSQL's estimate).", "values"],
      ["huntgraph_data_version", "The data version: grows with every committed change to what correlation reads.", "version"],
    ];
    for (const [name, help, key] of gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const row = await current();
          if (row) this.set(row[key]);
        },
      });
    }
  }

  /** Express middleware: each request's latency, and its operation's and error codes once answered. */
  readonly observe = (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : req.baseUrl || "unmatched";
      this.requests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const report = reportOf(res);
      if (report.operationType)
        this.operations.observe({ operation: this.operationLabel(report.operationName), type: report.operationType }, seconds);
      for (const code of report.errorCodes ?? []) this.errors.inc({ code });
    });
    next();
  };

  private operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (this.names.has(name)) return name;
    if (this.names.size >= MOST_OPERATION_NAMES || !/^\w{1,64}$/.test(name)) return "other";
    this.names.add(name);
    return name;
  }

  readonly countImport = (outcome: ImportOutcome): void => {
    this.imports.inc({ outcome: outcome.ok ? "ok" : "failed" });
    this.importedRows.inc(outcome.rows);
    this.importedBytes.inc(outcome.bytes);
    this.importSeconds.observe(outcome.seconds);
  };
}
