// A small typed client for huntgraph: one function per operation of operations.ts, each typed by the
// documents graphql-codegen generated from schema.graphql. It needs nothing but fetch (Node 18+ or a
// browser): the documents are plain strings.
import type { TypedDocumentString } from "./gql/graphql";
import { CreateHunt, Dashboard, ImportDataset, WhereElse } from "./operations";

/** A GraphQL error as huntgraph sends it: a message and a code (BAD_USER_INPUT, NOT_FOUND, ...). */
export class HuntgraphError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A ThreatHunt access token or a huntgraph API token (hgt_...); left out on a server without authentication. */
  token?: string;
}

export function createClient({ url, token }: ClientOptions) {
  async function request<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables: Variables): Promise<Result> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as { data?: Result; errors?: { message: string; extensions?: { code?: string } }[] };
    const [error] = body.errors ?? [];
    if (error) throw new HuntgraphError(error.message, error.extensions?.code);
    if (body.data === undefined) throw new HuntgraphError(`HTTP ${response.status} without data`, undefined);
    return body.data;
  }

  return {
    /** Totals, summary lines and the first `first` ranked shared indicators of these hunts (or of every hunt). */
    dashboard: (huntIds?: string[], first = 20) => request(Dashboard, { huntIds, first }).then((data) => data.correlation),
    /** Every dataset column, in every hunt, that holds the indicator (in any form: defanged, any case). */
    whereElse: (value: string, after?: string) => request(WhereElse, { value, after }).then((data) => data.iocSightings),
    createHunt: (name: string) => request(CreateHunt, { name }).then((data) => data.createHunt.hunt),
    /** Imports a small CSV export into a hunt: all of it, or nothing. */
    importCsv: (huntId: string, filename: string, content: string) =>
      request(ImportDataset, { input: { huntId, filename, content } }).then((data) => data.importDataset),
  };
}

export type Client = ReturnType<typeof createClient>;
