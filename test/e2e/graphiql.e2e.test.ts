// GraphiQL end to end: the built server with the demo, headless Chromium, no request off the machine, clean SIGTERM.
import type { Browser } from "playwright-core";
import { EXAMPLE_QUERIES } from "../../src/server/graphiql-examples";
import { editorValue, exitOf, launchChromium, type ServerProcess, startServer, stopServer, watchProblems } from "./support";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

let server: ServerProcess;
let baseUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServer(["--demo", "--in-memory"]);
  baseUrl = server.url;
  browser = await launchChromium();
}, 120000);

afterAll(async () => {
  await browser?.close();
  stopServer(server);
});

test("GraphiQL renders the example query, runs it and shows the demo hunts, all from localhost", async () => {
  const context = await browser!.newContext();
  const requests: string[] = [];
  const problems: string[] = [];
  context.on("request", (request) => requests.push(`${request.method()} ${request.url()}`));
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  watchProblems(page, problems);

  const response = await page.goto(`${baseUrl}/graphiql`);
  expect(response?.status()).toBe(200);

  // The editor is up, on screen, with the first example query in it.
  await page.locator(".graphiql-query-editor .CodeMirror-code").getByText("query WhatConnects {").waitFor();
  expect(await editorValue(page, ".graphiql-query-editor")).toBe(EXAMPLE_QUERIES[0].query);

  await page.locator("button.graphiql-execute-button").click();
  // The result pane shows the answer on screen; then read all of it (CodeMirror renders only visible lines).
  await page.locator(".result-window").getByText('"summary"').first().waitFor();
  const result = await editorValue(page, ".result-window");
  expect(result).toContain("Correlation analysis across 3 hunts:");
  expect(result).toContain("Emotet follow-up, finance");
  const body = JSON.parse(result);
  expect(body.errors).toBeUndefined();
  expect(body.data.correlation.iocOverlaps.totalCount).toBe(6);
  expect(body.data.correlation.hunts.map((hunt: { name: string }) => hunt.name).sort()).toEqual([
    "Beaconing from build servers",
    "Emotet follow-up, finance",
    "Lateral movement review",
  ]);

  await context.close();
  expect(problems).toEqual([]);
  expect(requests).toContain(`POST ${baseUrl}/graphql`);
  const offMachine = requests.filter((line) => {
    const url = new URL(line.slice(line.indexOf(" ") + 1));
    if (url.protocol === "data:" || url.protocol === "blob:") return false;
    return !LOCAL_HOSTS.has(url.hostname);
  });
  expect(offMachine).toEqual([]);
});

test("SIGTERM drains and the server exits with code 0", async () => {
  expect(server.child.exitCode).toBeNull();
  server.child.kill("SIGTERM");
  const exit = await exitOf(server, 30000);
  if (exit === "SIGTERM") {
    throw new Error(
      `server was killed by SIGTERM instead of exiting 0: something re-raised the signal before the database closed (Apollo's stopOnTerminationSignals?):\n${server.output()}`,
    );
  }
  if (exit !== 0) throw new Error(`server exited with ${exit}, expected 0:\n${server.output()}`);
});
