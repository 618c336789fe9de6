// GraphiQL end to end: the built server with the demo, headless Chromium, no request off the machine, clean SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { EXAMPLE_QUERIES } from "../../src/server/graphiql-examples";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/src/cli/main.js");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

let server: ChildProcess;
let serverOutput = "";
let baseUrl: string;
let browser: Browser | undefined;

/** Starts `serve --demo --in-memory` on a free port; resolves with its URL once it prints the ready line. */
function startServer(): Promise<string> {
  // Run it as deployed: jest sets NODE_ENV=test, which silences the logs and changes Apollo's signal handling.
  const env = { ...process.env };
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  server = spawn(process.execPath, [MAIN, "serve", "--demo", "--in-memory", "--host", "127.0.0.1", "--port", "0"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no ready line within 60 s:\n${serverOutput}`)), 60000);
    const onData = (chunk: Buffer) => {
      serverOutput += chunk.toString();
      const ready = /huntgraph ready in .* GraphiQL at (http:\/\/\S+)\/graphiql/.exec(serverOutput);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    server.stdout!.on("data", onData);
    server.stderr!.on("data", onData);
    server.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${serverOutput}`));
    });
  });
}

function exitOf(child: ChildProcess, ms: number): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server still running ${ms / 1000} s after SIGTERM:\n${serverOutput}`)), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal!);
    });
  });
}

/** The text of the CodeMirror editor inside `selector` (all of it, not only the lines on screen). */
function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(`${selector} .CodeMirror`, (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run test:e2e does)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  baseUrl = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 120000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
});

test("GraphiQL renders the example query, runs it and shows the demo hunts, all from localhost", async () => {
  const context = await browser!.newContext();
  const requests: string[] = [];
  const problems: string[] = [];
  context.on("request", (request) => requests.push(`${request.method()} ${request.url()}`));
  context.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()} at ${message.location().url}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });

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
  expect(server.exitCode).toBeNull();
  server.kill("SIGTERM");
  const exit = await exitOf(server, 30000);
  if (exit === "SIGTERM") {
    throw new Error(
      `server was killed by SIGTERM instead of exiting 0: something re-raised the signal before the database closed (Apollo's stopOnTerminationSignals?):\n${serverOutput}`,
    );
  }
  if (exit !== 0) throw new Error(`server exited with ${exit}, expected 0:\n${serverOutput}`);
});
