// The `Correlation` object: which hunts are correlated, plus a per-request memo so that each
// aggregate runs at most once however many fields need it. Building one runs no correlation query.
import DataLoader from "dataloader";
import { Field, ID, ObjectType } from "type-graphql";
import type { IocSighting } from "../ioc/ioc-sighting.type";

@ObjectType({ description: "What connects a set of hunts. Each kind of overlap is computed only when its field is selected." })
export class Correlation {
  @Field(() => [ID], { description: "Ids of the hunts correlated." })
  huntIds: string[];

  private readonly memo = new Map<string, Promise<unknown>>();

  /** Where each indicator of a page of IOC overlaps occurs within these hunts, in IOC columns: one query per page. */
  readonly iocAppearances: DataLoader<string, IocSighting[]>;
  /** The same for host overlaps, in every column indexed as a host name, IOC column or not. */
  readonly hostAppearances: DataLoader<string, IocSighting[]>;

  constructor(
    huntIds: string[],
    /** Whether these are every hunt of the database (no hunts named, none hidden). */
    readonly everyHunt: boolean,
    appearances: (scope: string[], keys: readonly string[], iocColumnsOnly: boolean) => Promise<IocSighting[][]>,
    /** Aborted when the request's client goes away: the database work for it is cancelled. */
    readonly signal?: AbortSignal,
    /** The hunts hidden from the caller, left out of prevalence and totals; null when it sees every hunt. */
    readonly hidden: readonly string[] | null = null,
  ) {
    this.huntIds = huntIds;
    this.iocAppearances = new DataLoader((keys) => appearances(this.huntIds, keys, true));
    this.hostAppearances = new DataLoader((keys) => appearances(this.huntIds, keys, false));
  }

  /** The hunts as the occurrence index's group queries take them. */
  get hunts(): { ids: string[]; every: boolean; hidden: readonly string[] | null } {
    return { ids: this.huntIds, every: this.everyHunt, hidden: this.hidden };
  }

  /** What results over these hunts depend on: the hunts, and those hidden from the caller. */
  get scopeKey(): string {
    return `${this.huntIds.join(",")}\u0000${this.hidden?.join(",") ?? "all"}`;
  }

  /** Runs `compute` once per key for the lifetime of this object (one request). */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let result = this.memo.get(key) as Promise<T> | undefined;
    if (!result) this.memo.set(key, (result = compute()));
    return result;
  }
}
