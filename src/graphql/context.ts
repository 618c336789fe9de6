// The per-request GraphQL context: the services, and DataLoaders created fresh for each request.
import DataLoader from "dataloader";
import { type Caller, openCaller } from "../modules/auth/caller";
import type { User } from "../modules/auth/user.type";
import type { DatasetRow } from "../modules/dataset/dataset-row.entity";
import type { Dataset } from "../modules/dataset/dataset.entity";
import type { EnrichmentResult } from "../modules/enrichment/enrichment.entity";
import { HuntVisibility } from "../modules/hunt/hunt-visibility";
import type { Hunt } from "../modules/hunt/hunt.entity";
import type { Hypothesis } from "../modules/hypothesis/hypothesis.entity";
import type { Services } from "../modules/services";
import type { Page } from "../shared/page";
import type { RequestReport } from "../shared/request-report";

interface Loaders {
  huntById: DataLoader<string, Hunt | null>;
  datasetById: DataLoader<string, Dataset | null>;
  datasetsByHuntId: DataLoader<string, Dataset[]>;
  hypothesesByHuntId: DataLoader<string, Hypothesis[]>;
  hypothesisById: DataLoader<string, Hypothesis | null>;
  /** Keyed by `<dataset id>:<row index>`. */
  datasetRowByPosition: DataLoader<string, DatasetRow | null>;
  /** Every enrichment result of an indicator, keyed by iocKey(type, canonical value). */
  enrichmentsByIoc: DataLoader<string, EnrichmentResult[]>;
  /** Keyed by dataset id; one loader per page shape, so one query serves every dataset asking for that page. */
  datasetRowsPage: (page: Page) => DataLoader<string, DatasetRow[]>;
  /** The members of restricted hunts, by hunt id. */
  membersByHuntId: DataLoader<string, User[]>;
}

export interface Context {
  services: Services;
  /** Who is asking. */
  caller: Caller;
  /** Which hunts the caller sees: the loaders never return a row of another. */
  visibility: HuntVisibility;
  loaders: Loaders;
  /** Aborted when the client goes away before its answer is complete: the database work for it is cancelled. */
  signal?: AbortSignal;
  /** What the request's log line and metrics tell of it. */
  report: RequestReport;
}

function memoByPage<V>(make: (page: Page) => DataLoader<string, V>): (page: Page) => DataLoader<string, V> {
  const loaders = new Map<string, DataLoader<string, V>>();
  return (page) => {
    const key = `${page.offset}:${page.limit}`;
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(page)));
    return loader;
  };
}

/** `load` with what belongs to a hunt the caller does not see made null. */
function seen<T>(visibility: HuntVisibility, load: (ids: readonly string[]) => Promise<(T | null)[]>, huntOf: (item: T) => string | null) {
  return async (ids: readonly string[]) => {
    const [items, hidden] = await Promise.all([load(ids), visibility.hidden()]);
    return items.map((item) => (item !== null && hidden.has(huntOf(item) ?? "") ? null : item));
  };
}

function createLoaders(services: Services, visibility: HuntVisibility): Loaders {
  // the lists by hunt id are only reached through a hunt the caller sees
  return {
    huntById: new DataLoader(
      seen(
        visibility,
        (ids) => services.hunts.byIds(ids),
        (hunt) => hunt.id,
      ),
    ),
    datasetById: new DataLoader(
      seen(
        visibility,
        (ids) => services.datasets.byIds(ids),
        (dataset) => dataset.huntId,
      ),
    ),
    datasetsByHuntId: new DataLoader((ids) => services.datasets.byHuntIds(ids)),
    hypothesesByHuntId: new DataLoader((ids) => services.hypotheses.byHuntIds(ids)),
    hypothesisById: new DataLoader(
      seen(
        visibility,
        (ids) => services.hypotheses.byIds(ids),
        (hypothesis) => hypothesis.huntId,
      ),
    ),
    datasetRowByPosition: new DataLoader((keys) => services.datasets.rowsAt(keys)),
    enrichmentsByIoc: new DataLoader((keys) => services.enrichments.byIndicators(keys)),
    datasetRowsPage: memoByPage((page) => new DataLoader((ids) => services.datasets.rowPages(ids, page))),
    membersByHuntId: new DataLoader((ids) => services.huntMembers.ofHunts(ids)),
  };
}

/** A request's context; `caller` defaults to the open one (tests, and servers without authentication). */
export function createContext(
  services: Services,
  signal?: AbortSignal,
  caller: Caller = openCaller(),
  report: RequestReport = {},
): Context {
  const visibility = new HuntVisibility(services.db, caller);
  report.caller = caller;
  return { services, caller, visibility, loaders: createLoaders(services, visibility), signal, report };
}
