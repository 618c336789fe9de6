// GraphQL entry to ingestion: small CSV files sent inline. Larger ones stream through HTTP or the CLI.
import { Readable } from "node:stream";
import { Arg, Args, Ctx, Field, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import type { Context } from "../../graphql/context";
import { IdArgs } from "../../graphql/validation";
import { badInput } from "../../shared/errors";
import { Dataset } from "../dataset/dataset.entity";
import { ImportDatasetInput, MAX_INLINE_CSV_BYTES } from "./ingest.inputs";
import type { ImportResult } from "./ingest.service";
import type { ReindexResult } from "./reindex.service";

@ObjectType({ description: "What an import stored." })
class ImportDatasetPayload {
  @Field(() => Dataset, { description: "The new dataset, with its column mapping, IOC columns and time range." })
  dataset: Dataset;

  @Field(() => Int, { description: "Rows shorter than the header, padded with empty cells." })
  paddedRows: number;

  @Field(() => Int, {
    description: "Rows longer than the header, whose extra cells were kept under generated column names (extra_1, ...).",
  })
  extendedRows: number;
}

@ObjectType({ description: "What reindexing one dataset did." })
class ReindexDatasetPayload {
  @Field(() => Dataset, { description: "The dataset, its index rebuilt." })
  dataset: Dataset;

  @Field(() => Int, { description: "Stored rows read." })
  rows: number;

  @Field(() => Int, { description: "Index entries written: the dataset's distinct (column, IOC type, canonical value)." })
  entries: number;
}

@Resolver()
export class IngestResolver {
  @Mutation(() => ReindexDatasetPayload, {
    description:
      "Rebuilds one dataset's occurrence index from its stored rows (for datasets ThreatHunt imported, or after an upgrade " +
      "that names a reindex), all or nothing. `huntgraph reindex` does this for many datasets.",
  })
  @Access("analyst")
  async reindexDataset(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<ReindexResult> {
    await visibility.assertPartOf("datasets", id);
    return services.reindex.reindex(id);
  }

  @Mutation(() => ImportDatasetPayload, {
    description: "Stores a small CSV export (sent inline) as a new dataset of a hunt: all of it, or nothing.",
  })
  @Access("analyst")
  async importDataset(
    @Arg("input", () => ImportDatasetInput) input: ImportDatasetInput,
    @Ctx() { services, visibility, signal }: Context,
  ): Promise<ImportResult> {
    await visibility.assertHunts([input.huntId]);
    const bytes = Buffer.from(input.content, "utf8");
    if (bytes.length > MAX_INLINE_CSV_BYTES) {
      throw badInput(
        `content is ${bytes.length} bytes; inline CSV is limited to ${MAX_INLINE_CSV_BYTES} bytes: upload larger files to /hunts/${input.huntId}/datasets`,
        "content",
      );
    }
    // cancelled (rolled back) when the client leaves, or a shutdown's deadline passes
    return services.ingest.importCsv({ ...input, name: input.name ?? undefined, source: Readable.from([bytes]), signal });
  }
}
