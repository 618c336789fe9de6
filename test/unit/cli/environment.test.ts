// Every environment variable the configuration reads is in `huntgraph --help` and in the README's table.
import { readFileSync } from "node:fs";
import { ENVIRONMENT } from "../../../src/cli/version";

/** The variables src/config.ts reads: env.NAME, or a name passed as a string to one of its readers. */
function variablesRead(): string[] {
  const source = readFileSync("src/config.ts", "utf8");
  const names = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|"((?:HUNTGRAPH|JWT|CORS|DATABASE)_[A-Z0-9_]+)"/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(names)].sort();
}

it("names every variable the configuration reads, in --help and in the README", () => {
  const read = variablesRead();
  expect(read).toEqual(expect.arrayContaining(["DATABASE_URL", "JWT_SECRET", "HUNTGRAPH_SHUTDOWN_SECONDS"]));
  const listed = ENVIRONMENT.map(([name]) => name);
  // NODE_ENV is Node's (tests run quiet)
  expect(read.filter((name) => !listed.includes(name) && name !== "NODE_ENV")).toEqual([]);
  const readme = readFileSync("README.md", "utf8");
  expect(listed.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
});
