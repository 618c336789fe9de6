// GraphQL API of new cross-hunt links: the `crossHuntLinks` subscription (over graphql-ws at /graphql)
// and the relations of a link.
import { Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Resolver, Root, Subscription } from "type-graphql";
import { Access } from "../../graphql/access";
import type { Context } from "../../graphql/context";
import { IocOverlap } from "../correlation/correlation.types";
import { Dataset } from "../dataset/dataset.entity";
import { Hunt } from "../hunt/hunt.entity";
import { linkCursor } from "./link-feed";
import { CrossHuntLink } from "./link.type";

@ArgsType()
class CrossHuntLinksArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Resume after this link id (the last one received): every link made since is sent first. Left out: from now on.",
  })
  after?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Also links whose indicator is set aside as noise (false: only those an analyst would look at).",
  })
  includeSuppressed: boolean;
}

/**
 * An async iterable whose `return()` (the client unsubscribed or went away) stops its reader at once,
 * even while it waits for the next link.
 */
function abortable<T>(start: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const inner = start(controller.signal);
  const iterator: AsyncIterableIterator<T> = {
    next: () => inner.next(),
    return: async () => {
      controller.abort();
      return inner.return(undefined);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

@Resolver(() => CrossHuntLink)
export class LinkResolver {
  @Subscription(() => CrossHuntLink, {
    description:
      "New cross-hunt links as imports and reindexes make them, in any server process sharing the database: each " +
      "an indicator now shared by a hunt that did not share it, with its hunts and its score. A client that " +
      "reconnects passes the last id it received as `after` and misses nothing.",
    subscribe: ({ args, context }) => {
      const { services, caller } = context as Context;
      const after = linkCursor((args as CrossHuntLinksArgs).after);
      const filter = { includeSuppressed: (args as CrossHuntLinksArgs).includeSuppressed };
      return abortable((signal) => services.links.links(after, filter, caller, signal));
    },
  })
  @Access("viewer")
  crossHuntLinks(@Root() link: CrossHuntLink, @Args() _args: CrossHuntLinksArgs): CrossHuntLink {
    return link;
  }

  @FieldResolver(() => Hunt, { nullable: true, description: "The hunt whose import or reindex made the link." })
  hunt(@Root() link: CrossHuntLink, @Ctx() { loaders }: Context): Promise<Hunt | null> {
    return loaders.huntById.load(link.huntId);
  }

  @FieldResolver(() => Dataset, { nullable: true, description: "The dataset imported or reindexed; null once deleted." })
  dataset(@Root() link: CrossHuntLink, @Ctx() { loaders }: Context): Promise<Dataset | null> | null {
    return link.datasetId ? loaders.datasetById.load(link.datasetId) : null;
  }

  @FieldResolver(() => [Hunt], { description: "Every hunt that shared the indicator when the link was made (that the caller sees)." })
  async hunts(@Root() link: CrossHuntLink, @Ctx() { loaders }: Context): Promise<Hunt[]> {
    const hunts = await loaders.huntById.loadMany(link.huntIds);
    return hunts.filter((hunt): hunt is Hunt => hunt instanceof Hunt);
  }

  @FieldResolver(() => IocOverlap, {
    nullable: true,
    description:
      "The overlap it is now, over every hunt the caller sees (score, reasons, what sets it aside); null once it is shared no more.",
  })
  overlap(@Root() link: CrossHuntLink): IocOverlap | null {
    return link.overlap;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "The overlap's score (see IocOverlap.score); null once it is shared no more.",
  })
  score(@Root() link: CrossHuntLink): number | null {
    return link.overlap?.score ?? null;
  }
}
