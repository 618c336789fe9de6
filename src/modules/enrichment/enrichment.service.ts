// Enrichment results: recording verdicts and listing them per indicator.
import { type DataSource, type EntityManager, In } from "typeorm";
import { groupByKey } from "../../shared/batch";
import { notFound } from "../../shared/errors";
import { iocKey, splitIocKey } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import { Dataset } from "../dataset/dataset.entity";
import { canonicalIocValue } from "../occurrence/canonical-value";
import { EnrichmentResult } from "./enrichment.entity";
import type { EnrichmentInput } from "./enrichment.inputs";

/** ThreatHunt caches a verdict for 24 hours. */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/** Newest first; the id breaks ties. */
const NEWEST_FIRST = { cachedAt: "DESC", id: "ASC" } as const;

export class EnrichmentService {
  constructor(private readonly db: DataSource) {}

  /** Records all the results or none of them. */
  async record(inputs: EnrichmentInput[]): Promise<EnrichmentResult[]> {
    return this.db.transaction(async (tx) => {
      const datasetIds = [...new Set(inputs.flatMap((input) => (input.datasetId ? [input.datasetId] : [])))];
      if (datasetIds.length > 0) {
        const found = new Set((await tx.findBy(Dataset, { id: In(datasetIds) })).map((d) => d.id));
        const missing = datasetIds.filter((id) => !found.has(id));
        if (missing.length > 0) throw notFound(missing.length === 1 ? "dataset" : "datasets", missing);
      }
      const now = new Date();
      const entities = inputs.map((input) => {
        const cachedAt = input.cachedAt ?? now;
        return tx.create(EnrichmentResult, {
          ...input,
          iocValue: input.iocValue.trim(),
          cachedAt,
          expiresAt: input.expiresAt === undefined ? new Date(cachedAt.getTime() + DEFAULT_TTL_MS) : input.expiresAt,
        });
      });
      return tx.save(entities, { chunk: 200 });
    });
  }

  listByValue(iocValue: string, page: Page): Promise<EnrichmentResult[]> {
    return this.db.getRepository(EnrichmentResult).find({
      where: { iocValue: iocValue.trim() },
      order: NEWEST_FIRST,
      skip: page.offset,
      take: page.limit + 1,
    });
  }

  /**
   * Every result for each indicator (type + canonical value, as the occurrence index keys them), newest
   * first. Results match whatever form they were recorded in: `EVIL.com` and `evil[.]com` are `evil.com`.
   */
  async byIndicators(keys: readonly string[]): Promise<EnrichmentResult[][]> {
    const indicators = keys.map(splitIocKey);
    const results = await this.db
      .getRepository(EnrichmentResult)
      .createQueryBuilder("e")
      .where("(huntgraph_canonical_ioc(e.ioc_type, e.ioc_value), e.ioc_type) IN (SELECT * FROM unnest(:values::text[], :types::text[]))", {
        values: indicators.map(([, value]) => value),
        types: indicators.map(([type]) => type),
      })
      .orderBy("e.cached_at", "DESC")
      .addOrderBy("e.id", "ASC")
      .getMany();
    return groupByKey(keys, results, (r) => iocKey(r.iocType, canonicalIocValue(r.iocType, r.iocValue) ?? ""));
  }

  /** Inside the transaction `tx`: results that cite these datasets keep their verdicts but cite none. */
  async detachFrom(tx: EntityManager, datasetIds: readonly string[]): Promise<void> {
    if (datasetIds.length > 0) await tx.update(EnrichmentResult, { datasetId: In([...datasetIds]) }, { datasetId: null });
  }

  countByValue(iocValue: string): Promise<number> {
    return this.db.getRepository(EnrichmentResult).countBy({ iocValue: iocValue.trim() });
  }
}
