// The real HTTP server on a test database: health, GraphQL over POST, GraphiQL with no outside assets, clean shutdown.
import type { Database } from "../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../src/server/app";
import { openTestDatabase } from "../../support/database";

const CREATE_HUNT = `mutation ($name: String!) { createHunt(input: { name: $name }) { hunt { name status } } }`;
const HUNT_COUNT = `query { hunts { totalCount } }`;

let database: Database;
let server: RunningServer;

beforeAll(async () => {
  // stop() closes the database, so the server gets one of its own.
  database = await openTestDatabase();
  server = await startServer(database, { host: "127.0.0.1", port: 0 });
});
afterAll(() => server.stop());

function postGraphQL(query: string, variables?: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
}

describe("the HTTP server", () => {
  it("listens on the port it was given, here one the system picked", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it("reports its health and the kind of database", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: database.kind });
  });

  it("answers GraphQL over POST", async () => {
    const created = await postGraphQL(CREATE_HUNT, { name: "Over HTTP" });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ data: { createHunt: { hunt: { name: "Over HTTP", status: "ACTIVE" } } } });
    const counted = await postGraphQL(HUNT_COUNT);
    expect(await counted.json()).toEqual({ data: { hunts: { totalCount: 1 } } });
  });

  it("answers a bad GraphQL request with its error code", async () => {
    const response = await postGraphQL(`query { hunt(id: "nope") { id } }`);
    const body = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(body.errors[0].message).toBe("Invalid input: id must be a 32-character lowercase hex id, got 'nope'");
    expect(body.errors[0].extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("refuses an operation over the limits before running it, with its code, the limit and the measured value", async () => {
    // issue 10's reproduction: five levels of connections of 500 (4.1 GB and 220 s before)
    const fanOut = `{ hunts(first: 500) { nodes { datasets(first: 500) { nodes { hunt { datasets(first: 500) { nodes { name } } } } } } } }`;
    const response = await postGraphQL(fanOut);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].message).toMatch(/^The query's estimated cost is \d+; the limit is 200000/);
    expect(body.errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxCost", max: 200000 });
  });

  it("answers variables of the wrong type as BAD_USER_INPUT", async () => {
    const response = await postGraphQL(`query ($first: Int) { hunts(first: $first) { totalCount } }`, { first: "ten" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0]).toMatchObject({
      message: 'Variable "$first" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses a NUL in an argument as input, naming the argument, and stores nothing", async () => {
    const inVariable = await postGraphQL(CREATE_HUNT, { name: "bad\u0000name" });
    expect(inVariable.status).toBe(400);
    expect(await inVariable.json()).toEqual({
      errors: [
        {
          message: "$name holds a NUL character (U+0000), which no stored text may contain",
          extensions: { code: "BAD_USER_INPUT", field: "$name" },
        },
      ],
    });
    const inLiteral = await postGraphQL(`mutation { createHunt(input: { name: "bad\\u0000name" }) { hunt { name } } }`);
    expect(((await inLiteral.json()) as any).errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "input" } });
    expect(await (await postGraphQL(HUNT_COUNT)).json()).toEqual({ data: { hunts: { totalCount: 1 } } });
  });

  it.each([
    ["malformed JSON", "application/json", "{ not json", 400, "BAD_USER_INPUT", "The request body is not valid JSON"],
    [
      "a charset other than UTF-8",
      "application/json; charset=latin1",
      "{}",
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "The request body's charset is not supported: send UTF-8",
    ],
    [
      "a body over 10 MB",
      "application/json",
      `{"query": "${"x".repeat(10_500_000)}"}`,
      413,
      "PAYLOAD_TOO_LARGE",
      "The request body is over the limit of 10 MB",
    ],
  ])("answers %s with coded JSON and no stack or path", async (_what, type, body, status, code, message) => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": type }, body });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code, message } });
    expect(text).not.toMatch(/node_modules|\/work\/|at \w+ \(/);
  });

  it("answers an unknown route with coded JSON", async () => {
    const response = await fetch(`${server.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "NOT_FOUND", message: "No route GET /nowhere: the API is POST /graphql, the IDE /graphiql" },
    });
  });

  it("redirects / to GraphiQL", async () => {
    const response = await fetch(`${server.url}/`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/graphiql");
  });
});

describe("GraphiQL", () => {
  let html: string;
  let references: string[];

  beforeAll(async () => {
    const response = await fetch(`${server.url}/graphiql`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    html = await response.text();
    references = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
  });

  it("is a page that loads its scripts and styles from /graphiql/assets only", () => {
    expect(html).toContain(`<div id="graphiql">`);
    const loaded = references.filter((url) => !url.startsWith("data:"));
    expect(loaded.sort()).toEqual([
      "/graphiql/assets/graphiql.min.css",
      "/graphiql/assets/graphiql.min.js",
      "/graphiql/assets/page.css",
      "/graphiql/assets/react-dom.production.min.js",
      "/graphiql/assets/react.production.min.js",
      // GraphiQL started from a file: the content security policy allows no inline script
      "/graphiql/assets/start.js",
    ]);
    expect(html).not.toMatch(/<script>|<style>/);
  });

  it("names no other host", () => {
    expect(html.match(/(?:https?:)?\/\/[\w.-]+\.[a-z]{2,}/gi)).toBeNull();
  });

  it("serves every asset the page loads", async () => {
    for (const url of references.filter((ref) => ref.startsWith("/"))) {
      const response = await fetch(`${server.url}${url}`);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect(response.headers.get("content-type")).toMatch(url.endsWith(".css") ? /^text\/css/ : /javascript/);
      // the page's own start script and style are small; GraphiQL's and React's files are not
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(/start\.js|page\.css/.test(url) ? 40 : 1000);
    }
  });

  it("answers 404 for an asset it does not have", async () => {
    const response = await fetch(`${server.url}/graphiql/assets/evil.js`);
    expect(response.status).toBe(404);
  });
});

describe("stopping", () => {
  it("lets a request in flight finish, then closes the database and takes no more requests", async () => {
    const arrived = new Promise<void>((resolve) => server.http.once("request", () => resolve()));
    const inFlight = postGraphQL(HUNT_COUNT);
    await arrived;
    const stopped = server.stop();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { hunts: { totalCount: 1 } } });
    await stopped;
    expect(database.dataSource.isInitialized).toBe(false);
    if (database.pglite) expect(database.pglite.closed).toBe(true);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

describe("browser-facing settings", () => {
  const INTROSPECT = `{ __schema { queryType { name } } }`;
  let strict: RunningServer;
  // the defaults (the server above is stopped by its shutdown test)
  let plain: RunningServer;

  beforeAll(async () => {
    plain = await startServer(await openTestDatabase(), { host: "127.0.0.1", port: 0 });
    strict = await startServer(await openTestDatabase(), {
      host: "127.0.0.1",
      port: 0,
      corsOrigins: ["https://hunt.example.org"],
      introspection: false,
      graphiql: false,
    });
  });
  afterAll(() => Promise.all([strict.stop(), plain.stop()]));

  it("sends security headers on every answer, with a policy that allows this server's own scripts only", async () => {
    for (const url of [`${plain.url}/healthz`, `${plain.url}/graphiql`, `${plain.url}/no-such-route`]) {
      const { headers } = await fetch(url);
      expect(headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("x-powered-by")).toBeNull();
    }
  });

  it("answers CORS preflights for the allowed origins only, and none at all by default", async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
      });
    const allowed = await preflight(strict.url, "https://hunt.example.org");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://hunt.example.org");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("content-type,authorization");
    expect((await preflight(strict.url, "https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(plain.url, "https://hunt.example.org")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses introspection and serves no GraphiQL when they are switched off", async () => {
    const refused = (await (
      await fetch(`${strict.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: INTROSPECT }),
      })
    ).json()) as { errors: { message: string }[] };
    expect(refused.errors[0].message).toMatch(/introspection is not allowed/i);
    expect((await fetch(`${strict.url}/graphiql`)).status).toBe(404);
    const allowed = await fetch(`${plain.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: INTROSPECT }),
    });
    expect(await allowed.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });
});
