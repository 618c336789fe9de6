// Puts hunting data in the way users do: hunts, hypotheses and enrichment results through the GraphQL
// mutations, datasets through the importDataset mutation (the ingestion pipeline, with its index).
import type { TestApi } from "./api";

const CREATE_HUNT = `mutation CreateHunt($name: String!) { createHunt(input: { name: $name }) { hunt { id } } }`;
const CREATE_HYPOTHESIS = `mutation CreateHypothesis($input: CreateHypothesisInput!) { createHypothesis(input: $input) { hypothesis { id } } }`;
const IMPORT_DATASET = `mutation ImportDataset($input: ImportDatasetInput!) {
  importDataset(input: $input) { dataset { id name rowCount } }
}`;
const RECORD_ENRICHMENTS = `mutation RecordEnrichments($results: [EnrichmentInput!]!) { recordEnrichments(results: $results) { enrichments { id } } }`;

export interface FixtureHunt {
  id: string;
  name: string;
}

export interface FixtureDataset {
  id: string;
  name: string;
  huntId: string;
  rowCount: number;
}

export interface EnrichmentSpec {
  iocValue: string;
  /** GraphQL enum name, e.g. "DOMAIN". */
  iocType: string;
  source: string;
  /** GraphQL enum name, e.g. "MALICIOUS"; omitted: no verdict. */
  verdict?: string;
  cachedAt?: string;
  expiresAt?: string | null;
}

export class Hunting {
  constructor(private readonly api: TestApi) {}

  async hunt(name: string): Promise<FixtureHunt> {
    const {
      createHunt: { hunt: createHunt },
    } = await this.api.data(CREATE_HUNT, { name });
    return { id: createHunt.id, name };
  }

  async hypothesis(hunt: FixtureHunt, title: string, mitreTechnique?: string, status?: string): Promise<string> {
    const {
      createHypothesis: { hypothesis: createHypothesis },
    } = await this.api.data(CREATE_HYPOTHESIS, { input: { huntId: hunt.id, title, mitreTechnique, status } });
    return createHypothesis.id;
  }

  /** Imports `csv` (header first) as a dataset named after its file. */
  async dataset(hunt: FixtureHunt, filename: string, csv: string): Promise<FixtureDataset> {
    const { importDataset } = await this.api.data(IMPORT_DATASET, { input: { huntId: hunt.id, filename, content: csv } });
    return { ...importDataset.dataset, huntId: hunt.id };
  }

  async enrich(results: EnrichmentSpec[]): Promise<void> {
    await this.api.data(RECORD_ENRICHMENTS, { results });
  }
}

/** Lines joined into a CSV text, with the trailing newline exports have. */
export const csv = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** Ids in ascending order: how correlation lists hunts (`huntIds`) and pairs datasets. */
export const byId = <T extends { id: string }>(...items: T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
