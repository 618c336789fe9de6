// The embedded database on disk: created on first use in a directory of its own (by a child process, see
// createPgliteDataDir), found again on the next open, and refused with the directory named.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate, openDatabase } from "../../../src/database/data-source";

let parent: string;

beforeAll(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), "huntgraph-data-source-"));
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

it("creates the database in a new nested directory, with its settings, and finds it again", async () => {
  const dataDir = path.join(parent, "nested", "db");
  const created = await openDatabase({ kind: "pglite", dataDir });
  try {
    await migrate(created.dataSource);
    expect(await created.dataSource.query("SHOW shared_buffers")).toEqual([{ shared_buffers: "16MB" }]);
    await created.dataSource.query(`INSERT INTO hunts (id, name) VALUES ($1, 'kept')`, ["a".repeat(32)]);
  } finally {
    await created.close();
  }
  const reopened = await openDatabase({ kind: "pglite", dataDir });
  try {
    expect(await migrate(reopened.dataSource)).toEqual([]);
    expect(await reopened.dataSource.query("SELECT name FROM hunts")).toEqual([{ name: "kept" }]);
  } finally {
    await reopened.close();
  }
});

it("names the path when the directory cannot be made", async () => {
  const file = path.join(parent, "a-file");
  writeFileSync(file, "");
  await expect(openDatabase({ kind: "pglite", dataDir: path.join(file, "db") })).rejects.toThrow(
    `ENOTDIR: not a directory, mkdir '${path.join(file, "db")}'`,
  );
});
