// Analysts' dispositions of indicators and exclusion rules: recorded, listed and removed. A disposition
// is read by the group queries as it is; a rule is matched against every shared value when it is added.
import type { DataSource } from "typeorm";
import { withoutStatementTimeout } from "../../database/transactions";
import { badInput, notFound } from "../../shared/errors";
import { newId } from "../../shared/id";
import { IocType } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import type { HuntService } from "../hunt/hunt.service";
import { matchRule } from "../matching/matcher";
import { canonicalIocValue } from "../occurrence/canonical-value";
import { domain, network } from "../warninglist/misp-format";
import { type DispositionKind, IocDisposition } from "./disposition.entity";
import { ExclusionKind, ExclusionRule } from "./exclusion-rule.entity";

export interface DispositionInput {
  iocType: IocType;
  value: string;
  huntId?: string | null;
  disposition: DispositionKind;
  reason: string;
  createdBy?: string | null;
}

export interface ExclusionRuleInput {
  kind: ExclusionKind;
  pattern: string;
  iocType?: IocType | null;
  reason: string;
  createdBy?: string | null;
}

export interface DispositionFilter {
  iocType?: IocType | null;
  value?: string | null;
  huntId?: string | null;
  /** Leave out the dispositions of these hunts (hidden from the caller). */
  hidden?: readonly string[];
}

/** The lock imports take to record shared values: a rule is matched while no value is being added. */
const LOCK_SHARED_VALUES = `SELECT pg_advisory_xact_lock(4242001)`;

/** The kinds of indicator each kind of rule can match. */
const RULE_TYPES: Record<ExclusionKind, readonly IocType[] | null> = {
  EXACT: null,
  CIDR: [IocType.IP],
  DOMAIN: [IocType.DOMAIN, IocType.URL],
  REGEX: null,
};

export class DispositionService {
  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
  ) {}

  /** Records a disposition, replacing the one the indicator had for the same hunt (or globally). */
  async setDisposition(input: DispositionInput): Promise<IocDisposition> {
    const value = canonicalIocValue(input.iocType, input.value);
    if (value === null) throw badInput("value must not be blank", "value");
    const reason = requiredReason(input.reason);
    const huntId = input.huntId ?? null;
    if (huntId !== null) await this.hunts.assertExist([huntId]);
    const [row] = await this.db.query(
      `INSERT INTO ioc_dispositions (id, ioc_type, value, hunt_id, disposition, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (ioc_type, value, (coalesce(hunt_id, ''))) DO UPDATE
         SET disposition = excluded.disposition, reason = excluded.reason, created_at = now(), created_by = excluded.created_by
       RETURNING id`,
      [newId(), input.iocType, value, huntId, input.disposition, reason, input.createdBy ?? null],
    );
    return this.db.getRepository(IocDisposition).findOneByOrFail({ id: row.id });
  }

  /** Removes a disposition; the indicator is ranked as before it at the next query. */
  removeDisposition(id: string): Promise<IocDisposition> {
    return this.remove(IocDisposition, id, "disposition");
  }

  /** Dispositions, newest first, a page at a time (one more than the page). */
  dispositions(filter: DispositionFilter, page: Page): Promise<IocDisposition[]> {
    return this.filtered(filter)
      .orderBy("d.created_at", "DESC")
      .addOrderBy("d.id")
      .offset(page.offset)
      .limit(page.limit + 1)
      .getMany();
  }

  dispositionCount(filter: DispositionFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: DispositionFilter) {
    const query = this.db.getRepository(IocDisposition).createQueryBuilder("d");
    if (filter.iocType) query.andWhere("d.ioc_type = :type", { type: filter.iocType });
    const value = filter.value && (filter.iocType ? canonicalIocValue(filter.iocType, filter.value) : filter.value.trim());
    if (value) query.andWhere("d.value = :value", { value });
    if (filter.huntId) query.andWhere("d.hunt_id = :hunt", { hunt: filter.huntId });
    if (filter.hidden?.length) query.andWhere("(d.hunt_id IS NULL OR d.hunt_id <> ALL(:hidden))", { hidden: filter.hidden });
    return query;
  }

  /** Adds an exclusion rule and matches it against every shared value, in one transaction. */
  async addExclusionRule(input: ExclusionRuleInput): Promise<ExclusionRule> {
    const rule = Object.assign(new ExclusionRule(), {
      kind: input.kind,
      iocType: input.iocType ?? null,
      reason: requiredReason(input.reason),
      createdBy: input.createdBy ?? null,
      ...(await this.rulePattern(input)),
    });
    return this.db.transaction(async (tx) => {
      await withoutStatementTimeout(tx);
      await tx.query(LOCK_SHARED_VALUES);
      const saved = await tx.getRepository(ExclusionRule).save(rule);
      await matchRule(tx, saved.id);
      return saved;
    });
  }

  /** Removes a rule; what it set aside comes back at the next query. */
  removeExclusionRule(id: string): Promise<ExclusionRule> {
    return this.remove(ExclusionRule, id, "exclusion rule");
  }

  /** Deletes one row by id and returns it as it was. */
  private async remove<T extends IocDisposition | ExclusionRule>(entity: new () => T, id: string, what: string): Promise<T> {
    const repository = this.db.getRepository<IocDisposition | ExclusionRule>(entity);
    const found = await repository.findOneBy({ id });
    if (!found) throw notFound(what, id);
    await repository.delete({ id });
    return found as T;
  }

  /** Rules, oldest first, a page at a time (one more than the page). */
  exclusionRules(page: Page): Promise<ExclusionRule[]> {
    return this.db.getRepository(ExclusionRule).find({ order: { createdAt: "ASC", id: "ASC" }, skip: page.offset, take: page.limit + 1 });
  }

  exclusionRuleCount(): Promise<number> {
    return this.db.getRepository(ExclusionRule).count();
  }

  /** The rule's pattern in the form its matching compares, or a clear error. */
  private async rulePattern(input: ExclusionRuleInput): Promise<{ pattern: string; network: string | null }> {
    const raw = input.pattern.trim();
    if (!raw) throw badInput("pattern must not be blank", "pattern");
    const types = RULE_TYPES[input.kind];
    if (input.iocType && types && !types.includes(input.iocType)) {
      throw badInput(`a ${input.kind} rule matches ${types.join(" or ")} values, not ${input.iocType}`, "iocType");
    }
    switch (input.kind) {
      case ExclusionKind.EXACT: {
        if (!input.iocType) throw badInput("an EXACT rule needs iocType: the canonical form of a value depends on its kind", "iocType");
        return { pattern: canonicalIocValue(input.iocType, raw)!, network: null };
      }
      case ExclusionKind.CIDR: {
        const block = network(raw);
        if (block === null) throw badInput(`pattern: '${raw}' is not an IPv4 or IPv6 block (such as 10.20.0.0/16) or address`, "pattern");
        return { pattern: block, network: block };
      }
      case ExclusionKind.DOMAIN: {
        const name = domain(raw.replace(/^\*?\./, ""));
        if (name === null || !name.includes(".")) throw badInput(`pattern: '${raw}' is not a domain (such as example.com)`, "pattern");
        return { pattern: name, network: null };
      }
      case ExclusionKind.REGEX:
        await this.checkExpression(raw);
        return { pattern: raw, network: null };
    }
  }

  private async checkExpression(pattern: string): Promise<void> {
    try {
      await this.db.query(`SELECT '' ~ $1`, [pattern]);
    } catch (error) {
      throw badInput(`pattern: not a regular expression PostgreSQL accepts (${(error as Error).message})`, "pattern");
    }
  }
}

function requiredReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw badInput("reason must not be blank: it is shown wherever the decision takes effect", "reason");
  return trimmed;
}
