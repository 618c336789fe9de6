// The occurrence index builder against a plain reference (one record object per value, as the index was
// first built): same entries, counts, first rows and time spans, handed over in primary-key order.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OccurrenceIndexBuilder } from "../../../../src/modules/occurrence/builder";
import type { OccurrenceEntry } from "../../../../src/modules/occurrence/entry";
import { type IndexedColumn, indexedColumns } from "../../../../src/modules/occurrence/indexed-columns";
import { mergeSorted } from "../../../../src/modules/occurrence/merge";
import { OccurrenceSpill } from "../../../../src/modules/occurrence/spill";
import { IocType } from "../../../../src/shared/ioc-type";
import { referenceIndex as reference } from "../../../support/reference-index";

function referenceIndex(
  columns: IndexedColumn[],
  header: string[],
  rows: Array<{ cells: string[]; time: number }>,
  firstRow = 0,
  hostColumn: string | null = null,
): OccurrenceEntry[] {
  return reference(
    columns,
    rows.map(({ cells, time }, i) => ({ rowIndex: firstRow + i, value: (column) => cells[header.indexOf(column)], time })),
    hostColumn,
  );
}

function randomRows(count: number, seed: number): Array<{ cells: string[]; time: number }> {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.UTC(2024, 2, 1);
  return Array.from({ length: count }, () => {
    const n = Math.floor(random() * 300);
    return {
      cells: [
        random() < 0.1 ? "" : `ws-${n % 40}`,
        random() < 0.05 ? " " : `${random() < 0.1 ? "0" : ""}10.0.${n % 7}.${n}`,
        `evil${n % 50}[.]COM `,
        random() < 0.5 ? "x" : "y",
      ],
      time: random() < 0.2 ? NaN : start + Math.floor(random() * 86_400_000 * 3),
    };
  });
}

describe("OccurrenceIndexBuilder", () => {
  const header = ["Host", "IP", "Domain", "Other"];
  // Host: a host-name column whose values also look like domains, an IOC column only as a domain.
  const columns: IndexedColumn[] = [
    ["IP", IocType.IP, true],
    ["Host", IocType.HOSTNAME, false],
    ["Domain", IocType.DOMAIN, true],
    ["Host", IocType.DOMAIN, true],
  ];

  it("indexes every value of the indexed columns, canonically, with counts, first row and time span", () => {
    const rows = randomRows(5000, 7);
    const builder = new OccurrenceIndexBuilder(columns, header);
    rows.forEach(({ cells, time }, i) => builder.addRow(i, cells, time));
    const expected = referenceIndex(columns, header, rows);
    expect(builder.size).toBe(expected.length);
    expect(builder.estimatedBytes).toBeGreaterThan(expected.length * 100);
    expect([...builder.drain()]).toEqual(expected);
    expect(builder.size).toBe(0);
    expect(builder.estimatedBytes).toBe(0);
    expect([...builder.drain()]).toEqual([]);
  });

  it("records the distinct hosts of the rows of each entry, from the host column, as cells and as objects", () => {
    const rows = randomRows(5000, 3);
    const expected = referenceIndex(columns, header, rows, 0, "Host");
    const fromCells = new OccurrenceIndexBuilder(columns, header, "Host");
    rows.forEach(({ cells, time }, i) => fromCells.addRow(i, cells, time));
    const entries = [...fromCells.drain()];
    expect(entries).toEqual(expected);
    // 40 hosts (ws-0..ws-39, upper-cased) over 300 addresses: some addresses on several hosts, rows without a host add none.
    const ip = entries.find((entry) => entry.type === IocType.IP && entry.value === "10.0.1.8")!;
    expect(ip.hosts).toEqual(["WS-8"]);
    expect(Math.max(...entries.map((entry) => entry.hosts!.length))).toBeGreaterThan(1);
    const fromObjects = new OccurrenceIndexBuilder(columns, [], "Host");
    rows.forEach(({ cells, time }, i) => {
      fromObjects.add(i, Object.fromEntries(header.map((column, k) => [column, cells[k]])), Number.isNaN(time) ? null : new Date(time));
    });
    expect([...fromObjects.drain()]).toEqual(expected);
  });

  it("takes rows as objects as well", () => {
    const rows = randomRows(500, 11);
    const builder = new OccurrenceIndexBuilder(columns);
    rows.forEach(({ cells, time }, i) => {
      const data = Object.fromEntries(header.map((column, k) => [column, cells[k]]));
      builder.add(i, data, Number.isNaN(time) ? null : new Date(time));
    });
    expect([...builder.drain()]).toEqual(referenceIndex(columns, header, rows));
  });

  it("starts afresh after each drain, even one abandoned halfway", () => {
    const rows = randomRows(3000, 3);
    const builder = new OccurrenceIndexBuilder(columns, header);
    rows.slice(0, 1000).forEach(({ cells, time }, i) => builder.addRow(i, cells, time));
    const first = builder.drain();
    first.next();
    first.return(undefined);
    expect(builder.size).toBe(0);
    rows.slice(1000).forEach(({ cells, time }, i) => builder.addRow(1000 + i, cells, time));
    expect([...builder.drain()]).toEqual(referenceIndex(columns, header, rows.slice(1000), 1000));
  });

  it("hands over large indexes in order, merging the runs it sorted on the way", () => {
    const builder = new OccurrenceIndexBuilder([["ip", IocType.IP, true]], ["ip"]);
    const values: string[] = [];
    for (let i = 0; i < 150_000; i++) {
      const value = `${(i * 7919) % 251}.${(i * 104729) % 256}.${i % 256}.${(i >> 8) % 256}`;
      values.push(value);
      builder.addRow(i, [value], NaN);
    }
    const drained = [...builder.drain()].map((entry) => entry.value);
    const expected = [...new Set(values)].sort();
    expect(drained.length).toBe(expected.length);
    expect(drained.every((value, i) => value === expected[i])).toBe(true);
  });

  it("skips columns the header does not have and cells past a short row", () => {
    const builder = new OccurrenceIndexBuilder(
      [
        ["missing", IocType.IP, true],
        ["ip", IocType.IP, true],
      ],
      ["host", "ip"],
    );
    builder.addRow(0, ["ws1"], NaN);
    builder.addRow(1, ["ws1", "10.0.0.1"], NaN);
    expect([...builder.drain()].map((entry) => [entry.column, entry.value, entry.firstRowIndex])).toEqual([["ip", "10.0.0.1", 1]]);
  });
});

describe("OccurrenceSpill", () => {
  const header = ["Host", "IP", "Domain", "Other"];
  const columns: IndexedColumn[] = [
    ["IP", IocType.IP, true],
    ["Host", IocType.HOSTNAME, false],
    ["Domain", IocType.DOMAIN, true],
  ];
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), "spill-test-"));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  async function merged(spill: OccurrenceSpill, builder: OccurrenceIndexBuilder): Promise<OccurrenceEntry[]> {
    const entries: OccurrenceEntry[] = [];
    for await (const batch of spill.merge(builder)) entries.push(...batch);
    return entries;
  }

  it.each([1, 2, 5, 13])("gives the single-pass index when spilled %i time(s) along the way", async (spills) => {
    const rows = randomRows(6000, spills);
    // Some values only in the spilled parts, some only in memory, some in both with earlier rows' raw values.
    rows.push({ cells: ["only-last", "192.168.0.1", "late.example", "x"], time: NaN });
    const builder = new OccurrenceIndexBuilder(columns, header);
    const spill = new OccurrenceSpill(parent);
    const every = Math.ceil(rows.length / (spills + 1));
    for (const [i, { cells, time }] of rows.entries()) {
      builder.addRow(i, cells, time);
      if ((i + 1) % every === 0 && spill.runs < spills) await spill.spill(builder);
    }
    expect(spill.runs).toBe(spills);
    expect(await merged(spill, builder)).toEqual(referenceIndex(columns, header, rows));
    spill.dispose();
  });

  it("adds up the hosts of an entry spilled in several parts", async () => {
    const rows = randomRows(6000, 21);
    const builder = new OccurrenceIndexBuilder(columns, header, "Host");
    const spill = new OccurrenceSpill(parent);
    for (const [i, { cells, time }] of rows.entries()) {
      builder.addRow(i, cells, time);
      if ((i + 1) % 1500 === 0) await spill.spill(builder);
    }
    expect(await merged(spill, builder)).toEqual(referenceIndex(columns, header, rows, 0, "Host"));
    expect(builder.size).toBe(0);
    spill.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });

  it("keeps values that need escaping in its files", async () => {
    const builder = new OccurrenceIndexBuilder([["url", IocType.URL, true]], ["url"]);
    const spill = new OccurrenceSpill(parent);
    const paths = ["/a\nb\tc", "/back\\slash", '/"quoted"', "/é\u2028😀", "/nul\u0000"];
    paths.forEach((path, i) => builder.addRow(i, [`http://site.example${path}`], NaN));
    await spill.spill(builder);
    paths.forEach((path, i) => builder.addRow(10 + i, [` HTTP://SITE.example${path} `], Date.UTC(2024, 0, 1)));
    const entries = await merged(spill, builder);
    expect(entries.map((entry) => [entry.value, entry.raw, entry.occurrences, entry.firstRowIndex, entry.firstSeen])).toEqual(
      paths.map((path, i) => [`http://site.example${path}`, `http://site.example${path}`, 2, i, Date.UTC(2024, 0, 1)]).sort(),
    );
    spill.dispose();
  });

  it("merges nothing into nothing", async () => {
    const spill = new OccurrenceSpill(parent);
    const builder = new OccurrenceIndexBuilder(columns, header);
    await spill.spill(builder);
    expect(await merged(spill, builder)).toEqual([]);
    spill.dispose();
  });
});

describe("indexedColumns", () => {
  it("adds host-name columns that are not indexed as host names yet, marked as no IOC column", () => {
    expect(
      indexedColumns(
        { ip: "ip", Computer: "domain", Fqdn: "hostname" },
        { ip: "ip_address", Computer: "src_host", Fqdn: "hostname", "Dst Host": "dst_host", Note: "note" },
      ),
    ).toEqual([
      ["ip", "ip", true],
      ["Computer", "domain", true],
      ["Fqdn", "hostname", true],
      ["Computer", "hostname", false],
      ["Dst Host", "hostname", false],
    ]);
  });
});

describe("mergeSorted", () => {
  it.each([
    { runs: [], merged: [] },
    { runs: [[], []], merged: [] },
    { runs: [["a", "c"]], merged: ["a", "c"] },
    { runs: [["b", "d"], ["a", "c", "e"], [], ["f"]], merged: ["a", "b", "c", "d", "e", "f"] },
    {
      runs: [
        ["10.0.0.1", "10.0.0.10", "9.9.9.9"],
        ["10.0.0.2", "::1"],
      ],
      merged: ["10.0.0.1", "10.0.0.10", "10.0.0.2", "9.9.9.9", "::1"],
    },
  ])("$runs → $merged", ({ runs, merged }) => {
    expect([...mergeSorted(runs)]).toEqual(merged);
  });
});
