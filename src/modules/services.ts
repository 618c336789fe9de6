// The services of every domain, built once per process around one database.
import type { DataSource } from "typeorm";
import type { Database } from "../database/data-source";
import { HeavyWork } from "../database/heavy-work";
import { AuditLog } from "./audit/audit.service";
import { ApiTokenService } from "./auth/api-token.service";
import { AuthService } from "./auth/auth.service";
import type { TokenSettings } from "./auth/jwt";
import { UserService } from "./auth/user.service";
import { CorrelationService } from "./correlation/correlation.service";
import { ResultCache } from "./correlation/result-cache";
import { DatasetService } from "./dataset/dataset.service";
import { DispositionService } from "./disposition/disposition.service";
import { EnrichmentService } from "./enrichment/enrichment.service";
import { HuntMemberService } from "./hunt/hunt-members.service";
import { HuntService } from "./hunt/hunt.service";
import { HypothesisService, hypothesesOfHunt } from "./hypothesis/hypothesis.service";
import { type ImportOutcome, IngestService } from "./ingest/ingest.service";
import { ReindexService } from "./ingest/reindex.service";
import { IocService } from "./ioc/ioc.service";
import { LinkFeed } from "./links/link-feed";
import { LinkService } from "./links/link.service";
import { NodeService } from "./node/node.service";
import { OccurrenceIndex } from "./occurrence/occurrence-index";
import { WarninglistService } from "./warninglist/warninglist.service";

export interface Services {
  /** For what is per request but reads the database (the caller's hunt visibility). */
  db: DataSource;
  auth: AuthService;
  users: UserService;
  apiTokens: ApiTokenService;
  audit: AuditLog;
  hunts: HuntService;
  huntMembers: HuntMemberService;
  datasets: DatasetService;
  hypotheses: HypothesisService;
  enrichments: EnrichmentService;
  ingest: IngestService;
  reindex: ReindexService;
  iocs: IocService;
  correlation: CorrelationService;
  warninglists: WarninglistService;
  dispositions: DispositionService;
  nodes: NodeService;
  links: LinkService;
}

export interface ServiceOptions {
  /** Imports run at once (default DEFAULT_MAX_IMPORTS). */
  maxImports?: number;
  /** Whether correlation's results are shared across requests under the data version (default true). */
  resultCache?: boolean;
  /** How ThreatHunt's tokens are signed and how long they live; null or left out: authentication is off. */
  tokens?: TokenSettings | null;
  /** Told of every import's outcome. */
  onImport?: (outcome: ImportOutcome) => void;
}

/**
 * The services of read-only requests on a read replica: every read goes to `replica`, while what even a
 * read writes (the audit trail, sign-ins and API tokens' last use) stays with the primary's services.
 */
export function createReplicaServices(replica: Database, primary: Services): Services {
  return { ...createServices(replica), auth: primary.auth, users: primary.users, apiTokens: primary.apiTokens, audit: primary.audit };
}

export function createServices(database: Database, options: ServiceOptions = {}): Services {
  const { dataSource: db, pglite } = database;
  const enrichments = new EnrichmentService(db);
  const datasets = new DatasetService(db, enrichments);
  const hunts = new HuntService(db, [datasets, hypothesesOfHunt]);
  const heavy = new HeavyWork(db, pglite === undefined);
  const occurrences = new OccurrenceIndex(db, pglite, {}, heavy);
  const users = new UserService(db);
  const apiTokens = new ApiTokenService(db);
  const audit = new AuditLog(db);
  const correlation = new CorrelationService(db, hunts, occurrences, heavy, options.resultCache === false ? null : new ResultCache(db));
  return {
    db,
    auth: new AuthService(options.tokens ?? null, users, apiTokens, audit),
    users,
    apiTokens,
    audit,
    hunts,
    huntMembers: new HuntMemberService(db, hunts, users),
    datasets,
    hypotheses: new HypothesisService(db, hunts),
    enrichments,
    ingest: new IngestService(db, hunts, occurrences, pglite, options.maxImports, options.onImport),
    reindex: new ReindexService(db, occurrences),
    iocs: new IocService(occurrences),
    correlation,
    warninglists: new WarninglistService(db),
    dispositions: new DispositionService(db, hunts),
    nodes: new NodeService(db),
    links: new LinkService(db, new LinkFeed(db, () => database.notifications()), correlation),
  };
}
