// GraphQL API of datasets and their rows: thin calls into the services and loaders.
import { Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import { Hunt } from "../hunt/hunt.entity";
import { DatasetRow } from "./dataset-row.entity";
import { Dataset } from "./dataset.entity";
import { DatasetsArgs } from "./dataset.inputs";

export const DatasetConnection = ConnectionType(Dataset, "Dataset", "dataset");
const DatasetRowConnection = ConnectionType(DatasetRow, "DatasetRow", "dataset row");

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => Dataset, { description: "One dataset; NOT_FOUND if there is none with this id in a hunt the caller sees." })
  @Access("viewer")
  async dataset(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<Dataset> {
    await visibility.assertPartOf("datasets", id);
    return services.datasets.get(id);
  }

  @Query(() => DatasetConnection, { description: "The datasets of a hunt, oldest upload first." })
  @Access("viewer")
  async datasets(@Args() args: DatasetsArgs, @Ctx() { services, visibility }: Context): Promise<Connection<Dataset>> {
    await visibility.assertHunts([args.huntId]);
    await services.hunts.get(args.huntId);
    const page = pageOf(args);
    return connection(await services.datasets.listByHunt(args.huntId, page), page, () => services.datasets.countByHunt(args.huntId));
  }

  @Mutation(() => ID, { description: "Deletes a dataset with all its rows; returns its id." })
  @Access("admin")
  deleteDataset(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<string> {
    return services.datasets.delete(id);
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt the dataset belongs to." })
  hunt(@Root() dataset: Dataset, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return dataset.huntId ? loaders.huntById.load(dataset.huntId) : null;
  }

  @FieldResolver(() => DatasetRowConnection, { description: "The dataset's rows, in file order." })
  async rows(@Root() dataset: Dataset, @Args() args: PageArgs, @Ctx() { loaders }: Context): Promise<Connection<DatasetRow>> {
    const page = pageOf(args);
    return connection(await loaders.datasetRowsPage(page).load(dataset.id), page, () => dataset.rowCount);
  }
}
