// Finds objects by id alone, whatever their kind, for `node(id:)` and `nodes(ids:)`.
import { type DataSource, In } from "typeorm";
import { Dataset } from "../dataset/dataset.entity";
import { IocDisposition } from "../disposition/disposition.entity";
import { ExclusionRule } from "../disposition/exclusion-rule.entity";
import { EnrichmentResult } from "../enrichment/enrichment.entity";
import { Hunt } from "../hunt/hunt.entity";
import { Hypothesis } from "../hypothesis/hypothesis.entity";

/** The kinds of node, by the name the lookup query gives each table. */
const KINDS = { Hunt, Dataset, Hypothesis, EnrichmentResult, IocDisposition, ExclusionRule } as const;
type Kind = keyof typeof KINDS;
type AnyNode = InstanceType<(typeof KINDS)[Kind]>;

/** Which table holds each id, and the hunt the row belongs to (null for what belongs to no hunt). */
const KIND_OF_IDS = `
  SELECT id, 'Hunt' AS kind, id AS hunt_id FROM hunts WHERE id = ANY($1)
  UNION ALL SELECT id, 'Dataset', hunt_id FROM datasets WHERE id = ANY($1)
  UNION ALL SELECT id, 'Hypothesis', hunt_id FROM hypotheses WHERE id = ANY($1)
  UNION ALL SELECT id, 'EnrichmentResult', NULL FROM enrichment_results WHERE id = ANY($1)
  UNION ALL SELECT id, 'IocDisposition', hunt_id FROM ioc_dispositions WHERE id = ANY($1)
  UNION ALL SELECT id, 'ExclusionRule', NULL FROM exclusion_rules WHERE id = ANY($1)`;

export class NodeService {
  constructor(private readonly db: DataSource) {}

  /**
   * The object of each id, in the order asked; null for an id that names nothing, or something of a hunt
   * in `hidden` (to such a caller it does not exist). One query finds the kinds, one per kind loads them.
   */
  async byIds(ids: readonly string[], hidden: ReadonlySet<string>): Promise<(AnyNode | null)[]> {
    const found: { id: string; kind: Kind; hunt_id: string | null }[] = await this.db.query(KIND_OF_IDS, [[...new Set(ids)]]);
    const seen = found.filter((row) => row.hunt_id === null || !hidden.has(row.hunt_id));
    const byKind = new Map<Kind, string[]>();
    for (const row of seen) {
      if (!byKind.has(row.kind)) byKind.set(row.kind, []);
      byKind.get(row.kind)!.push(row.id);
    }
    const loaded = await Promise.all(
      [...byKind].map(([kind, kindIds]) => this.db.getRepository<AnyNode>(KINDS[kind]).findBy({ id: In(kindIds) })),
    );
    const byId = new Map(loaded.flat().map((node) => [node.id, node]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
