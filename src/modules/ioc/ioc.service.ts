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

  async sightings(value: string, type: IocType | undefined, page: Page): Promise<IocSighting[]> {
    return (await this.occurrences.sightings(this.forms(value, type), page)).map(toSighting);
  }

  sightingCount(value: string, type: IocType | undefined): Promise<number> {
    return this.occurrences.sightingCount(this.forms(value, type));
  }
}
