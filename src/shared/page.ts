// A page of a list, as services read it: the transport (graphql/connection) turns cursors into pages.

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** A decoded page request: `offset` items to skip, at most `limit` to return. */
export interface Page {
  offset: number;
  limit: number;
}
