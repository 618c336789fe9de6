// The compiled server as a child process, and headless Chromium, for the end-to-end tests.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/src/cli/main.js");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** The environment the server runs in as deployed: jest's NODE_ENV=test silences logs and changes Apollo's signal handling. */
function deployedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs `huntgraph <args>` (compiled) to the end; rejects unless it exits 0. */
export function runHuntgraph(args: string[], env: Record<string, string>, input?: string): Promise<string> {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: deployedEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(input ?? "");
  return new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`huntgraph ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

/** Starts `huntgraph serve <args>` on a free port; resolves once it prints the ready line. */
export function startServer(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run test:e2e does)`);
  const child = spawn(process.execPath, [MAIN, "serve", ...args, "--host", "127.0.0.1", "--port", "0"], {
    cwd: ROOT,
    env: deployedEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no ready line within 60 s:\n${output}`)), 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /huntgraph ready in .* GraphiQL at (http:\/\/\S+)\/graphiql/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: ready[1], output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}

export function exitOf(server: ServerProcess, ms: number): Promise<number | string> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server still running ${ms / 1000} s after SIGTERM:\n${server.output()}`)), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal!);
    });
  });
}

export function stopServer(server: ServerProcess | undefined): void {
  if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
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
}

/** A CodeMirror editor inside `selector`: all of its text (not only the lines on screen), or set it. */
export function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(`${selector} .CodeMirror`, (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

export function setEditorValue(page: Page, selector: string, value: string): Promise<void> {
  return page.$eval(
    `${selector} .CodeMirror`,
    (el, text) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(text),
    value,
  );
}

/** Collects what went wrong on a page: failed requests, page errors, console errors, HTTP errors. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()} at ${message.location().url}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
}
