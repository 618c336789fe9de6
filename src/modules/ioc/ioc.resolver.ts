// GraphQL API of indicator look-ups, and the relations of a sighting.
import { Length } from "class-validator";
import { Args, ArgsType, Ctx, Field, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IocType, iocTypeArg } from "../../shared/ioc-type";
import { DatasetRow } from "../dataset/dataset-row.entity";
import { Dataset } from "../dataset/dataset.entity";
import { rowPosition } from "../dataset/dataset.service";
import { Hunt } from "../hunt/hunt.entity";
import { IocSighting } from "./ioc-sighting.type";

const IocSightingConnection = ConnectionType(IocSighting, "IocSighting", "sighting", "sightings");

@ArgsType()
class IocSightingsArgs extends PageArgs {
  @Field({ description: "The indicator, in any form it was written in (case and defanging do not matter where the type ignores them)." })
  @Length(1, 2048, { message: "value must be 1 to 2048 characters long" })
  value: string;

  @Field(() => IocType, { nullable: true, description: "Look it up as this kind of indicator only (default: as every kind)." })
  iocType?: IocType;

  @Field(() => IocType, { nullable: true, description: "Look it up as this kind only.", deprecationReason: "Use iocType." })
  type?: IocType;
}

@Resolver(() => IocSighting)
export class IocResolver {
  @Query(() => IocSightingConnection, {
    description: "Where else was this seen: every dataset, hunt and column where the indicator occurs, earliest first.",
  })
  @Access("viewer")
  async iocSightings(@Args() args: IocSightingsArgs, @Ctx() { services, visibility }: Context): Promise<Connection<IocSighting>> {
    const page = pageOf(args);
    const hidden = await visibility.hiddenList();
    const iocType = iocTypeArg(args);
    return connection(await services.iocs.sightings(args.value, iocType, page, hidden), page, () =>
      services.iocs.sightingCount(args.value, iocType, hidden),
    );
  }

  @FieldResolver(() => Dataset, { description: "The dataset." })
  dataset(@Root() sighting: IocSighting, @Ctx() { loaders }: Context): Promise<Dataset | null> {
    return loaders.datasetById.load(sighting.datasetId);
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The dataset's hunt." })
  hunt(@Root() sighting: IocSighting, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return sighting.huntId ? loaders.huntById.load(sighting.huntId) : null;
  }

  @FieldResolver(() => DatasetRow, { nullable: true, description: "The first row that holds it." })
  firstRow(@Root() sighting: IocSighting, @Ctx() { loaders }: Context): Promise<DatasetRow | null> {
    return loaders.datasetRowByPosition.load(rowPosition(sighting.datasetId, sighting.firstRowIndex));
  }
}
