// Relay connections: page arguments, opaque cursors, and the Connection/Edge types for any node type.
import { Max, Min } from "class-validator";
import { ArgsType, type ClassType, Field, Int, ObjectType } from "type-graphql";
import { badInput } from "../shared/errors";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from "../shared/page";

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `How many items to return (1 to ${MAX_PAGE_SIZE}).` })
  @Min(1, { message: "first must be at least 1, got $value" })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}, got $value` })
  first: number;

  @Field(() => String, {
    nullable: true,
    description: "Return the items after this cursor (an `endCursor` or edge `cursor` of this connection).",
  })
  after?: string;
}

// A cursor is the position of an item in the connection's order: opaque to clients, stable for a stable order.
const CURSOR_PREFIX = "position:";
// The next page's offset (position + 1) is bound as a PostgreSQL integer.
const MAX_POSITION = 2 ** 31 - 2;

export function encodeCursor(position: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const digits = text.slice(CURSOR_PREFIX.length);
  const position = Number(digits);
  // Number("") is 0: only digits make a position.
  if (!text.startsWith(CURSOR_PREFIX) || !/^\d+$/.test(digits) || position > MAX_POSITION) {
    throw badInput(`after: '${cursor}' is not a cursor of this connection`, "after");
  }
  return position;
}

export function pageOf(args: PageArgs): Page {
  return {
    offset: args.after === undefined || args.after === null ? 0 : decodeCursor(args.after) + 1,
    limit: args.first,
  };
}

@ObjectType({ description: "Where a page of a connection starts and ends." })
class PageInfo {
  @Field({ description: "Whether items follow this page." })
  hasNextPage: boolean;

  @Field({ description: "Whether items precede this page." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item of the page; pass it as `after` for the next page." })
  endCursor: string | null;
}

interface Edge<T> {
  node: T;
  cursor: string;
}

/**
 * What every connection resolver returns. `totalCount` is a getter, so it is only counted when selected;
 * in a lazyConnection the page itself is a getter too.
 */
export interface Connection<T> {
  readonly edges: Edge<T>[] | Promise<Edge<T>[]>;
  readonly nodes: T[] | Promise<T[]>;
  readonly pageInfo: PageInfo | Promise<PageInfo>;
  readonly totalCount: number | Promise<number>;
}

/**
 * Builds a connection from the items of one page. `items` holds up to `page.limit + 1` items
 * starting at `page.offset`: the extra one only tells that a next page exists.
 */
export function connection<T>(items: T[], page: Page, totalCount: () => number | Promise<number>): Connection<T> {
  const nodes = items.slice(0, page.limit);
  const edges = nodes.map((node, i) => ({ node, cursor: encodeCursor(page.offset + i) }));
  let total: number | Promise<number> | undefined;
  return {
    edges,
    nodes,
    get totalCount() {
      return (total ??= totalCount());
    },
    pageInfo: {
      hasNextPage: items.length > page.limit,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A connection whose page is loaded (once) only when `edges`, `nodes` or `pageInfo` is selected, and
 * counted only when `totalCount` is: for connections whose page and count are separate, costly queries.
 */
export function lazyConnection<T>(load: () => Promise<T[]>, page: Page, totalCount: () => Promise<number>): Connection<T> {
  let loaded: Promise<Connection<T>> | undefined;
  const loadPage = () => (loaded ??= load().then((items) => connection(items, page, totalCount)));
  let total: Promise<number> | undefined;
  return {
    get edges() {
      return loadPage().then((built) => built.edges);
    },
    get nodes() {
      return loadPage().then((built) => built.nodes);
    },
    get pageInfo() {
      return loadPage().then((built) => built.pageInfo);
    },
    get totalCount() {
      return (total ??= totalCount());
    },
  };
}

/** A connection over a list already in memory (small per-parent lists loaded in one batch). */
export function connectionFromArray<T>(all: readonly T[], args: PageArgs): Connection<T> {
  const page = pageOf(args);
  return connection(all.slice(page.offset, page.offset + page.limit + 1), page, () => all.length);
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type; `what` names one node in descriptions, `plural` several. */
export function ConnectionType<T extends object>(
  Node: ClassType<T>,
  name: string,
  what: string,
  plural: string,
  /** For a connection type that extends this one with fields of its own, under the name `<Name>Connection`. */
  extended = false,
): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => Node, { description: `The ${what}.` })
    node: T;

    @Field({ description: "Opaque cursor of this item; pass it as `after` to continue after it." })
    cursor: string;
  }

  @ObjectType(extended ? `${name}ConnectionBase` : `${name}Connection`, { description: `A page of ${plural}.` })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: "The items of this page, with their cursors." })
    edges: Edge<T>[];

    @Field(() => [Node], { description: "The items of this page, without cursors." })
    nodes: T[];

    @Field(() => PageInfo, { description: "Where this page starts and ends." })
    pageInfo: PageInfo;

    @Field(() => Int, { description: "Number of items in the whole connection, across all pages." })
    totalCount: number | Promise<number>;
  }
  return ConnectionClass as unknown as ClassType<Connection<T>>;
}
