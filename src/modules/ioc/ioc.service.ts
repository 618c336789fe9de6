// Indicator look-ups over the occurrence index: where else was this seen?
import { IocType } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import { canonicalIocValue } from "../occurrence/canonical-value";
import type { Indicators, OccurrenceIndex } from "../occurrence/occurrence-index";
import { type IocSighting, toSighting } from "./ioc-sighting.type";

export class IocService {
  constructor(private readonly occurrences: OccurrenceIndex) {}

  /** The indexed forms of a value: as the given type, or as every type when none is given. */
  private forms(value: string, type: IocType | undefined): Indicators {
    const forms = (type ? [type] : Object.values(IocType)).flatMap((t) => {
      const canonical = canonicalIocValue(t, value);
      return canonical === null ? [] : [[t, canonical] as const];
    });
    return { types: forms.map(([t]) => t), values: forms.map(([, v]) => v) };
  }

  /** Where the value occurs, outside the `hidden` hunts. */
  async sightings(value: string, type: IocType | undefined, page: Page, hidden: readonly string[]): Promise<IocSighting[]> {
    return (await this.occurrences.sightings(this.forms(value, type), page, hidden)).map(toSighting);
  }

  sightingCount(value: string, type: IocType | undefined, hidden: readonly string[]): Promise<number> {
    return this.occurrences.sightingCount(this.forms(value, type), hidden);
  }
}
