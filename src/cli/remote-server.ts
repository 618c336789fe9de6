// Talking to a running huntgraph server from the CLI, when the server holds the embedded database the
// command was aimed at: GraphQL requests, and the hunts and datasets the command names.
import { badInput } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as GraphQLAnswer<T>;
  if (answer.errors?.length) throw badInput(answer.errors.map((e) => e.message).join("; "));
  return answer.data as T;
}

/** Every hunt's id and name, a page of 500 at a time. */
async function huntsOf(url: string): Promise<{ id: string; name: string }[]> {
  const hunts: { id: string; name: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { hunts: { nodes: { id: string; name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await graphql(
        url,
        `
          query ($after: String) {
            hunts(first: 500, after: $after) {
              nodes {
                id
                name
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        `,
        {
          after,
        },
      );
    hunts.push(...page.hunts.nodes);
    if (!page.hunts.pageInfo.hasNextPage) return hunts;
    after = page.hunts.pageInfo.endCursor;
  }
}

/** The hunt named on the command line, as the server knows it (created with --create-hunt when `create`). */
export async function resolveHunt(url: string, hunt: string, create: boolean): Promise<string> {
  if (ID_PATTERN.test(hunt))
    return (
      await graphql<{ hunt: { id: string } }>(
        url,
        `
          query ($id: ID!) {
            hunt(id: $id) {
              id
            }
          }
        `,
        { id: hunt },
      )
    ).hunt.id;
  const matches = (await huntsOf(url)).filter((h) => h.name === hunt);
  if (matches.length > 1)
    throw badInput(`${matches.length} hunts are named '${hunt}': give one of their ids (${matches.map((h) => h.id).join(", ")})`);
  if (matches.length === 1) return matches[0].id;
  if (!create) throw badInput(`no hunt is named '${hunt}': give a hunt id, or add --create-hunt to create it`);
  const created = await graphql<{ createHunt: { id: string } }>(
    url,
    `
      mutation ($name: String!) {
        createHunt(input: { name: $name }) {
          id
        }
      }
    `,
    {
      name: hunt,
    },
  );
  return created.createHunt.id;
}

interface DatasetRef {
  id: string;
  name: string;
}

const DATASETS_PAGE = `query ($id: ID!, $after: String) {
  hunt(id: $id) { datasets(first: 500, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }
}`;

/** The datasets of a hunt, a page of 500 at a time. */
async function datasetsOf(url: string, huntId: string): Promise<DatasetRef[]> {
  const datasets: DatasetRef[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { hunt: { datasets: { nodes: DatasetRef[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
      await graphql(url, DATASETS_PAGE, { id: huntId, after });
    datasets.push(...page.hunt.datasets.nodes);
    if (!page.hunt.datasets.pageInfo.hasNextPage) return datasets;
    after = page.hunt.datasets.pageInfo.endCursor;
  }
}

/** The datasets named by id, those of one hunt, or every dataset. */
export async function remoteDatasets(url: string, options: { dataset?: string[]; hunt?: string }): Promise<DatasetRef[]> {
  if (options.dataset) {
    const found: DatasetRef[] = [];
    for (const id of new Set(options.dataset)) {
      found.push(
        (
          await graphql<{ dataset: DatasetRef }>(
            url,
            `
              query ($id: ID!) {
                dataset(id: $id) {
                  id
                  name
                }
              }
            `,
            { id },
          )
        ).dataset,
      );
    }
    return found;
  }
  if (options.hunt) return datasetsOf(url, await resolveHunt(url, options.hunt, false));
  const all: DatasetRef[] = [];
  for (const hunt of await huntsOf(url)) all.push(...(await datasetsOf(url, hunt.id)));
  return all;
}
