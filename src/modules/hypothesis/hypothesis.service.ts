// Hypotheses: reads, writes, and the batch reads behind the per-request loaders.
import type { DataSource } from "typeorm";
import { anyOf, byKey, groupByKey } from "../../shared/batch";
import { notFound } from "../../shared/errors";
import { withoutUndefined } from "../../shared/objects";
import type { Page } from "../../shared/page";
import { canonicalTechnique } from "../attack/attack-technique";
import type { HuntPart, HuntService } from "../hunt/hunt.service";
import { Hypothesis, type HypothesisStatus } from "./hypothesis.entity";
import type { CreateHypothesisInput, UpdateHypothesisInput } from "./hypothesis.inputs";

/** Oldest first; the id breaks ties. */
const CREATION_ORDER = { createdAt: "ASC", id: "ASC" } as const;

/** ATT&CK ids are stored trimmed and upper-case, so `t1059.001 ` and `T1059.001` are one technique. */
function storedTechnique(raw: string | null | undefined): string | null | undefined {
  return typeof raw === "string" ? canonicalTechnique(raw) : raw;
}

export class HypothesisService {
  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
  ) {}

  private get repo() {
    return this.db.getRepository(Hypothesis);
  }

  async byIds(ids: readonly string[]): Promise<(Hypothesis | null)[]> {
    return byKey(ids, await this.repo.findBy({ id: anyOf(ids) }), (hypothesis) => hypothesis.id);
  }

  async byHuntIds(huntIds: readonly string[]): Promise<Hypothesis[][]> {
    const hypotheses = await this.repo.find({ where: { huntId: anyOf(huntIds) }, order: CREATION_ORDER });
    return groupByKey(huntIds, hypotheses, (hypothesis) => hypothesis.huntId);
  }

  async get(id: string): Promise<Hypothesis> {
    const hypothesis = await this.repo.findOneBy({ id });
    if (!hypothesis) throw notFound("hypothesis", id);
    return hypothesis;
  }

  async listByHunt(huntId: string, status: HypothesisStatus | undefined, page: Page): Promise<Hypothesis[]> {
    await this.hunts.get(huntId);
    return this.repo.find({
      where: status ? { huntId, status } : { huntId },
      order: CREATION_ORDER,
      skip: page.offset,
      take: page.limit + 1,
    });
  }

  countByHunt(huntId: string, status: HypothesisStatus | undefined): Promise<number> {
    return this.repo.countBy(status ? { huntId, status } : { huntId });
  }

  /** An explicit null status means the default, as when it is left out (the column is NOT NULL). */
  async create(input: CreateHypothesisInput): Promise<Hypothesis> {
    await this.hunts.get(input.huntId);
    return this.repo.save(
      this.repo.create({
        ...input,
        title: input.title.trim(),
        mitreTechnique: storedTechnique(input.mitreTechnique),
        status: input.status ?? undefined,
      }),
    );
  }

  async update(id: string, input: UpdateHypothesisInput): Promise<Hypothesis> {
    const hypothesis = await this.get(id);
    this.repo.merge(
      hypothesis,
      withoutUndefined({ ...input, title: input.title?.trim(), mitreTechnique: storedTechnique(input.mitreTechnique) }),
    );
    return this.repo.save(hypothesis);
  }

  async delete(id: string): Promise<string> {
    await this.get(id);
    await this.repo.delete({ id });
    return id;
  }
}

/** The hypotheses' part of deleting a hunt (see HuntService.delete). */
export const hypothesesOfHunt: HuntPart = {
  async deleteOfHunt(tx, huntId) {
    await tx.delete(Hypothesis, { huntId });
  },
};
