// Inputs of the inline-CSV import mutation.
import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { IsHexId } from "../../graphql/validation";

/** Inline CSV is for small files; larger ones go through the streaming HTTP upload or the CLI. */
export const MAX_INLINE_CSV_BYTES = 5 * 1024 * 1024;

@InputType({ description: "A small CSV export, sent inline as text, to store as a dataset of a hunt." })
export class ImportDatasetInput {
  @Field(() => ID, { description: "The hunt to add the dataset to." })
  @IsHexId()
  huntId: string;

  @Field({ description: "The file's name (1 to 512 characters), stored and named in errors." })
  @Length(1, 512, { message: "filename must be 1 to 512 characters long" })
  @Matches(/\S/, { message: "filename must not be blank" })
  filename: string;

  @Field(() => String, { nullable: true, description: "Display name (default: the file name)." })
  @IsOptional()
  @Length(1, 256, { message: "name must be 1 to 256 characters long" })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "Tool that produced the export (velociraptor, osquery, sysmon, ...)." })
  @IsOptional()
  @MaxLength(64)
  sourceTool?: string | null;

  @Field({
    description: `The CSV text, header first; at most ${MAX_INLINE_CSV_BYTES / 1024 / 1024} MiB. Larger files: POST them to /hunts/{huntId}/datasets or use \`huntgraph import\`.`,
  })
  content: string;
}
