// Talking to a running huntgraph server from the CLI, when the server holds the embedded database the
// command was aimed at: GraphQL requests, and the hunts and datasets the command names.
import { badInput } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";
import type { CliOutput } from "./output";

/** A running server, and the API token the CLI sends it (HUNTGRAPH_TOKEN) when it has authentication on. */
export interface Remote {
  url: string;
  token?: string;
}

/** The Authorization header for `remote`, if the CLI has a token. */
export function authorization(remote: Remote): Record<string, string> {
  return remote.token ? { authorization: `Bearer ${remote.token}` } : {};
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function graphql<T>(remote: Remote, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${remote.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...authorization(remote) },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer<T>;
  if (answer.errors?.length) throw badInput(answer.errors.map((e) => e.message).join("; "));
  return answer.data as T;
}

interface Named {
  id: string;
  name: string;
}

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every node of a connection, a page of 500 at a time: `query` takes `$after`, `connectionOf` finds the connection in its data. */
async function everyNode<D, T>(
  remote: Remote,
  query: string,
  variables: Record<string, unknown>,
  connectionOf: (data: D) => Connection<T>,
) {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const connection: Connection<T> = connectionOf(await graphql<D>(remote, query, { ...variables, after }));
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor;
  }
}

const HUNTS_PAGE = `query ($after: String) { hunts(first: 500, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;

const DATASETS_PAGE = `query ($id: ID!, $after: String) {
  hunt(id: $id) { datasets(first: 500, after: $after) { nodes { id name contentSha256 createdAt } pageInfo { hasNextPage endCursor } } }
}`;

/** A dataset as the CLI reads it from a server. */
export interface RemoteDataset extends Named {
  contentSha256: string | null;
  createdAt: string;
}

const huntsOf = (remote: Remote) => everyNode(remote, HUNTS_PAGE, {}, (data: { hunts: Connection<Named> }) => data.hunts);

/** Every dataset of a hunt. */
export const huntDatasets = (remote: Remote, huntId: string) =>
  everyNode(remote, DATASETS_PAGE, { id: huntId }, (data: { hunt: { datasets: Connection<RemoteDataset> } }) => data.hunt.datasets);

const HUNT = `query ($id: ID!) { hunt(id: $id) { id } }`;
const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { id name } } }`;
const DATASET = `query ($id: ID!) { dataset(id: $id) { id name } }`;

/** The hunt named on the command line, as the server knows it (created with --create-hunt when `create`, which `out` is told). */
export async function resolveHunt(remote: Remote, hunt: string, create: boolean, out?: CliOutput): Promise<string> {
  if (ID_PATTERN.test(hunt)) return (await graphql<{ hunt: { id: string } }>(remote, HUNT, { id: hunt })).hunt.id;
  const matches = (await huntsOf(remote)).filter((h) => h.name === hunt);
  if (matches.length > 1)
    throw badInput(`${matches.length} hunts are named '${hunt}': give one of their ids (${matches.map((h) => h.id).join(", ")})`);
  if (matches.length === 1) return matches[0].id;
  if (!create) throw badInput(`no hunt is named '${hunt}': give a hunt id, or add --create-hunt to create it`);
  const { createHunt } = await graphql<{ createHunt: { hunt: { id: string; name: string } } }>(remote, CREATE_HUNT, { name: hunt });
  out?.line(`created hunt '${createHunt.hunt.name}', id ${createHunt.hunt.id}`);
  return createHunt.hunt.id;
}

/** The datasets named by id, those of one hunt, or every dataset. */
export async function remoteDatasets(remote: Remote, options: { dataset?: string[]; hunt?: string }): Promise<Named[]> {
  if (options.dataset) {
    const ids = [...new Set(options.dataset)];
    return Promise.all(ids.map(async (id) => (await graphql<{ dataset: Named }>(remote, DATASET, { id })).dataset));
  }
  if (options.hunt) return huntDatasets(remote, await resolveHunt(remote, options.hunt, false));
  const all: Named[] = [];
  for (const hunt of await huntsOf(remote)) all.push(...(await huntDatasets(remote, hunt.id)));
  return all;
}
