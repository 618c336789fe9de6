// The services of every domain, built once per process around one DataSource.
import type { DataSource } from "typeorm";
import { DatasetService } from "./dataset/dataset.service";
import { EnrichmentService } from "./enrichment/enrichment.service";
import { HuntService } from "./hunt/hunt.service";
import { HypothesisService } from "./hypothesis/hypothesis.service";

export interface Services {
  hunts: HuntService;
  datasets: DatasetService;
  hypotheses: HypothesisService;
  enrichments: EnrichmentService;
}

export function createServices(db: DataSource): Services {
  const hunts = new HuntService(db);
  return {
    hunts,
    datasets: new DatasetService(db),
    hypotheses: new HypothesisService(db, hunts),
    enrichments: new EnrichmentService(db),
  };
}
