// GraphQL API of datasets and their rows: thin calls into the services and loaders.
import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../graphql/access";
import { type Connection, ConnectionType, connection, PageArgs, pageOf } from "../../graphql/connection";
import type { Context } from "../../graphql/context";
import { DeletedPayloadType } from "../../graphql/payload";
import { IdArgs } from "../../graphql/validation";
import { Hunt } from "../hunt/hunt.entity";
import { columnsOf, DatasetColumn } from "./dataset-column.type";
import { DatasetRow } from "./dataset-row.entity";
import { Dataset } from "./dataset.entity";
import { DatasetsArgs } from "./dataset.inputs";

export const DatasetConnection = ConnectionType(Dataset, "Dataset", "dataset", "datasets");
const DeleteDatasetPayload = DeletedPayloadType("DeleteDatasetPayload", "dataset");
const DatasetRowConnection = ConnectionType(DatasetRow, "DatasetRow", "dataset row", "dataset rows");

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

  @Mutation(() => DeleteDatasetPayload, { description: "Deletes a dataset with all its rows." })
  @Access("admin")
  async deleteDataset(@Args() { id }: IdArgs, @Ctx() { services }: Context): Promise<{ deletedId: string }> {
    return { deletedId: await services.datasets.delete(id) };
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt the dataset belongs to." })
  hunt(@Root() dataset: Dataset, @Ctx() { loaders }: Context): Promise<Hunt | null> | null {
    return dataset.huntId ? loaders.huntById.load(dataset.huntId) : null;
  }

  @FieldResolver(() => [DatasetColumn], {
    description:
      "Its columns in file order, each with its inferred type, canonical name and IOC type (the typed form of columnSchema, normalizedColumns and iocColumns).",
  })
  columns(@Root() dataset: Dataset): DatasetColumn[] {
    return columnsOf(dataset);
  }

  @FieldResolver(() => DatasetRowConnection, { description: "The dataset's rows, in file order." })
  async rows(@Root() dataset: Dataset, @Args() args: PageArgs, @Ctx() { loaders }: Context): Promise<Connection<DatasetRow>> {
    const page = pageOf(args);
    return connection(await loaders.datasetRowsPage(page).load(dataset.id), page, () => dataset.rowCount);
  }
}
