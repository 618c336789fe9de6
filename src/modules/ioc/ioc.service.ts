// Indicator look-ups over the occurrence index: where else was this seen?
import type { DataSource } from "typeorm";
import { IocType } from "../../shared/ioc-type";
import type { Page } from "../../shared/page";
import { type IocSighting, type OccurrenceRow, toSighting } from "./ioc-sighting.type";
import { canonicalIocValue } from "./ioc-value";
import { SIGHTING_COUNT, SIGHTINGS } from "./ioc.sql";

export class IocService {
  constructor(private readonly db: DataSource) {}

  /** The indexed forms of a value: as the given type, or as every type when none is given. */
  private forms(value: string, type: IocType | undefined): [IocType[], string[]] {
    const forms = (type ? [type] : Object.values(IocType)).flatMap((t) => {
      const canonical = canonicalIocValue(t, value);
      return canonical === null ? [] : [[t, canonical] as const];
    });
    return [forms.map(([t]) => t), forms.map(([, v]) => v)];
  }

  async sightings(value: string, type: IocType | undefined, page: Page): Promise<IocSighting[]> {
    const rows: OccurrenceRow[] = await this.db.query(SIGHTINGS, [...this.forms(value, type), page.limit + 1, page.offset]);
    return rows.map(toSighting);
  }

  async sightingCount(value: string, type: IocType | undefined): Promise<number> {
    const [{ count }] = await this.db.query(SIGHTING_COUNT, this.forms(value, type));
    return count;
  }
}
