// A new cross-hunt link, as subscribers and the webhook receive it.
import { Field, ID, ObjectType } from "type-graphql";
import { IocType } from "../../shared/ioc-type";
import type { IocOverlap } from "../correlation/correlation.types";

@ObjectType({
  description:
    "An indicator that an import or reindex made shared by a hunt that did not share it before: a new cross-hunt link. " +
    "Links are kept in the database in the order they were made; `id` orders them.",
})
export class CrossHuntLink {
  @Field(() => ID, { description: "The link's id: increasing. Pass the last one received as `after` to resume from there." })
  id: string;

  @Field({ description: "When the import or reindex that made it committed (its transaction's time)." })
  at: Date;

  @Field(() => IocType, { description: "Kind of indicator." })
  iocType: IocType;

  @Field({ description: "The indicator in canonical form." })
  value: string;

  /** The hunt that joined, the dataset whose import made the link, every hunt sharing it then. */
  huntId: string;
  datasetId: string | null;
  huntIds: string[];
  /** The overlap it is now, over every hunt the receiver sees; null when it is no longer shared there. */
  overlap: IocOverlap | null;
}

/** A row of ioc_link_events. */
export interface LinkRow {
  id: string;
  created_at: Date;
  ioc_type: IocType;
  value: string;
  hunt_id: string;
  dataset_id: string | null;
  hunt_ids: string[];
}

export function linkOf(row: LinkRow, overlap: IocOverlap | null): CrossHuntLink {
  return Object.assign(new CrossHuntLink(), {
    id: row.id,
    at: row.created_at,
    iocType: row.ioc_type,
    value: row.value,
    huntId: row.hunt_id,
    datasetId: row.dataset_id,
    huntIds: row.hunt_ids,
    overlap,
  });
}
