// GraphQL API of global object identification: `node(id:)` and `nodes(ids:)`, as Relay and other
// normalising client caches expect.
import { ArrayMaxSize } from "class-validator";
import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import { Access } from "../../graphql/access";
import type { Context } from "../../graphql/context";
import { Node } from "../../graphql/node";
import { IdArgs, IsHexId } from "../../graphql/validation";
import { MAX_PAGE_SIZE } from "../../shared/page";

@ArgsType()
class NodesArgs {
  @Field(() => [ID], { description: `The ids (at most ${MAX_PAGE_SIZE}).` })
  @ArrayMaxSize(MAX_PAGE_SIZE, { message: `ids: at most ${MAX_PAGE_SIZE} at once, got $value.length` })
  @IsHexId({ each: true })
  ids: string[];
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: "The object with this id, whatever its kind; null when there is none that the caller sees.",
  })
  @Access("viewer")
  async node(@Args() { id }: IdArgs, @Ctx() { services, visibility }: Context): Promise<Node | null> {
    const [node] = await services.nodes.byIds([id], await visibility.hidden());
    return node;
  }

  @Query(() => [Node], {
    nullable: "items",
    description: "The objects with these ids, in the same order; null for each id that names none the caller sees.",
  })
  @Access("viewer")
  async nodes(@Args() { ids }: NodesArgs, @Ctx() { services, visibility }: Context): Promise<(Node | null)[]> {
    return services.nodes.byIds(ids, await visibility.hidden());
  }
}
