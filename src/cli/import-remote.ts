// `huntgraph import` into the embedded database of a running server: the files go through that server's
// upload route (the server alone may open the data directory), with the same outcome lines.
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { badInput } from "../shared/errors";
import { ID_PATTERN } from "../shared/id";
import type { ImportOptions } from "./import";
import type { CliOutput } from "./output";

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
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

/** The hunt named on the command line, as the server knows it (created with --create-hunt). */
async function resolveHunt(url: string, hunt: string, create: boolean): Promise<string> {
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

interface UploadAnswer {
  dataset?: { id: string; rowCount: number; iocColumns: Record<string, string> | null };
  paddedRows?: number;
  extendedRows?: number;
  error?: { code: string; message: string };
}

/** Sends each file to the server at `url`, in order; stops at the first failure (earlier files stay imported). */
export async function importThroughServer(url: string, files: string[], options: ImportOptions, out: CliOutput): Promise<void> {
  out.line(`the embedded database is served by the huntgraph server at ${url}: sending the files through it`);
  const huntId = await resolveHunt(url, options.hunt, options.createHunt ?? false);
  for (const file of files) {
    const filename = path.basename(file);
    const query = new URLSearchParams({ filename, ...(options.sourceTool ? { sourceTool: options.sourceTool } : {}) });
    const started = performance.now();
    const response = await fetch(`${url}/hunts/${huntId}/datasets?${query}`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const answer = (await response.json()) as UploadAnswer;
    if (!answer.dataset) throw badInput(answer.error?.message ?? `the server answered ${response.status}`);
    const seconds = (performance.now() - started) / 1000;
    const { dataset } = answer;
    out.line(
      `${file}: ${dataset.rowCount} rows, ${Object.keys(dataset.iocColumns ?? {}).length} IOC columns in ${seconds.toFixed(1)} s → dataset ${dataset.id} (through ${url})`,
    );
  }
}
