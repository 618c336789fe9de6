// GraphiQL with authentication on, as an analyst uses it: the page loads signed out, the sign-in tab
// returns a token, the token pasted into the Headers pane lets the other tabs run; without it, they are refused.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import {
  editorValue,
  launchChromium,
  runHuntgraph,
  type ServerProcess,
  setEditorValue,
  startServer,
  stopServer,
  watchProblems,
} from "./support";

const ENV = { JWT_SECRET: "e2e-secret-0123456789abcdef0123456789", LOG_LEVEL: "warn" };

let dataDir: string;
let server: ServerProcess;
let browser: Browser | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "huntgraph-e2e-auth-"));
  const env = { ...ENV, HUNTGRAPH_DATA_DIR: dataDir };
  // the user the sign-in tab names
  await runHuntgraph(["users", "create", "analyst", "--role", "analyst"], env, "change me");
  server = await startServer(["--demo"], env);
  browser = await launchChromium();
}, 180000);

afterAll(async () => {
  await browser?.close();
  stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
});

async function runAndRead(page: Page, expected: string): Promise<any> {
  await page.locator("button.graphiql-execute-button").click();
  await page.locator(".result-window").getByText(expected).first().waitFor();
  return JSON.parse(await editorValue(page, ".result-window"));
}

test("GraphiQL signs in, takes the token in its Headers pane, and runs the examples with it", async () => {
  const context = await browser!.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const problems: string[] = [];
  watchProblems(page, problems);

  expect((await page.goto(`${server.url}/graphiql`))?.status()).toBe(200);
  await page.locator(".graphiql-query-editor .CodeMirror-code").getByText("login(username:").waitFor();
  const signedIn = await runAndRead(page, '"accessToken"');
  expect(signedIn.data.login.user).toEqual({ username: "analyst", role: "ANALYST" });

  // the second tab, the first example, run without a token: refused (GraphiQL shows the 401's body)
  await page.locator(".graphiql-tab").nth(1).click();
  await page.locator(".graphiql-query-editor .CodeMirror-code").getByText("query WhatConnects {").waitFor();
  const refused = await runAndRead(page, '"UNAUTHENTICATED"');
  expect(refused.errors[0].extensions.code).toBe("UNAUTHENTICATED");

  // pasted into the Headers pane, which is open when authentication is on
  await setEditorValue(
    page,
    ".graphiql-editor-tool .graphiql-editor:not(.hidden)",
    JSON.stringify({ Authorization: `Bearer ${signedIn.data.login.accessToken}` }),
  );
  const answer = await runAndRead(page, '"summary"');
  expect(answer.errors).toBeUndefined();
  expect(answer.data.correlation.summary).toContain("Correlation analysis across 3 hunts:");

  await context.close();
  // the refused run is the one HTTP error expected (and the browser's console line for it)
  expect(problems.filter((problem) => !/\b401\b/.test(problem))).toEqual([]);
});
