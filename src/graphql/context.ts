// The per-request GraphQL context: the services, and DataLoaders created fresh for each request.
import DataLoader from "dataloader";
import type { DatasetRow } from "../modules/dataset/dataset-row.entity";
import type { Dataset } from "../modules/dataset/dataset.entity";
import type { EnrichmentResult } from "../modules/enrichment/enrichment.entity";
import type { Hunt } from "../modules/hunt/hunt.entity";
import type { Hypothesis } from "../modules/hypothesis/hypothesis.entity";
import type { Services } from "../modules/services";
import type { Page } from "../shared/page";

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
}

export interface Context {
  services: Services;
  loaders: Loaders;
  /** Aborted when the client goes away before its answer is complete: the database work for it is cancelled. */
  signal?: AbortSignal;
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

function createLoaders(services: Services): Loaders {
  return {
    huntById: new DataLoader((ids) => services.hunts.byIds(ids)),
    datasetById: new DataLoader((ids) => services.datasets.byIds(ids)),
    datasetsByHuntId: new DataLoader((ids) => services.datasets.byHuntIds(ids)),
    hypothesesByHuntId: new DataLoader((ids) => services.hypotheses.byHuntIds(ids)),
    hypothesisById: new DataLoader((ids) => services.hypotheses.byIds(ids)),
    datasetRowByPosition: new DataLoader((keys) => services.datasets.rowsAt(keys)),
    enrichmentsByIoc: new DataLoader((keys) => services.enrichments.byIndicators(keys)),
    datasetRowsPage: memoByPage((page) => new DataLoader((ids) => services.datasets.rowPages(ids, page))),
  };
}

export function createContext(services: Services, signal?: AbortSignal): Context {
  return { services, loaders: createLoaders(services), signal };
}
