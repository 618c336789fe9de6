// Arguments of the dataset API, validated before they reach the service.
import { ArgsType, Field, ID } from "type-graphql";
import { PageArgs } from "../../graphql/connection";
import { IsHexId } from "../../graphql/validation";

@ArgsType()
export class DatasetsArgs extends PageArgs {
  @Field(() => ID, { description: "The hunt whose datasets to list." })
  @IsHexId()
  huntId: string;
}
