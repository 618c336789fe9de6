// A fuzz corpus of hostile and broken CSV files, generated here from fixed seeds (so every run sees the
// same files): random bytes, huge fields, deep and broken quoting, invalid encodings, NUL bytes, 100,000
// columns, ragged rows, mixed line endings. Each file must end as a coded error naming it, or as a
// correct dataset (every row stored, counted and indexed); nothing partial is ever stored.
import { Readable } from "node:stream";
import { random } from "../../../../bench/generate";
import type { Database } from "../../../../src/database/data-source";
import { createServices, type Services } from "../../../../src/modules/services";
import { ErrorCode, errorCode } from "../../../../src/shared/errors";
import { openTestDatabase } from "../../../support/database";
import { storedCounts } from "../../../support/ingest";

interface FuzzFile {
  name: string;
  bytes: Buffer;
}

const header = "Timestamp,Hostname,Raddr.IP,CommandLine\n";
const row = (i: number) => `2024-09-01T10:${String(i % 60).padStart(2, "0")}:00Z,WS-${i % 7},10.0.${i % 250}.${i % 200},cmd.exe /c ${i}\n`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i)).join("");

function randomBytes(seed: number, length: number): Buffer {
  const rand = random(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(rand() * 256)));
}

/** Text of a valid export with random damage: quotes, delimiters and line breaks put where they do not belong. */
function damaged(seed: number): Buffer {
  const rand = random(seed);
  const chars = [...(header + rows(200))];
  for (let k = 0; k < 20; k++)
    chars.splice(Math.floor(rand() * chars.length), 0, ['"', ",", "\n", "\r", '""', ";", "\t"][Math.floor(rand() * 7)]);
  return Buffer.from(chars.join(""));
}

const CORPUS: FuzzFile[] = [
  ...[1, 2, 3, 4].map((seed) => ({ name: `random-${seed}.bin`, bytes: randomBytes(seed, 5000 * seed) })),
  // random bytes after a valid start: past the 64 KiB sample the encoding is decided on
  { name: "random-tail.csv", bytes: Buffer.concat([Buffer.from(header + rows(1500)), randomBytes(9, 4000)]) },
  { name: "huge-field.csv", bytes: Buffer.from(`${header}2024-09-01T10:00:00Z,WS-1,10.0.0.1,"${"A".repeat(2_000_000)}"\n`) },
  { name: "big-unquoted-field.csv", bytes: Buffer.from(`${header}2024-09-01T10:00:00Z,WS-1,10.0.0.1,${"B".repeat(900_000)}\n${rows(3)}`) },
  { name: "unclosed-quote.csv", bytes: Buffer.from(`${header}${rows(50)}2024-09-01T10:00:00Z,WS-1,"10.0.0.1,cmd\n${rows(50)}`) },
  { name: "deep-quotes.csv", bytes: Buffer.from(`${header}2024-09-01T10:00:00Z,WS-1,10.0.0.1,"${'""'.repeat(100_000)}"\n`) },
  { name: "quote-mid-field.csv", bytes: Buffer.from(`${header}2024-09-01T10:00:00Z,WS-1,10.0.0.1,say "hi" now\n`) },
  {
    name: "invalid-utf8-late.csv",
    bytes: Buffer.concat([Buffer.from(header + rows(1500)), Buffer.from([0xc3, 0x28]), Buffer.from(",x,y,z\n")]),
  },
  { name: "truncated-utf8.csv", bytes: Buffer.concat([Buffer.from(header + rows(10)), Buffer.from([0xe2, 0x82])]) },
  {
    name: "nul-late.csv",
    bytes: Buffer.concat([Buffer.from(header + rows(1500)), Buffer.from("2024-09-01T10:00:00Z,WS\u00001,10.0.0.1,x\n")]),
  },
  {
    name: "utf16-odd-length.csv",
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header + rows(5), "utf16le"), Buffer.from([0x41])]),
  },
  {
    name: "wide-100k-columns.csv",
    bytes: Buffer.from(
      `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(",")}\n${Array.from({ length: 100_000 }, () => "x").join(",")}\n`,
    ),
  },
  {
    name: "duplicate-header.csv",
    bytes: Buffer.from(`${Array.from({ length: 20_000 }, () => "a").join(",")}\n${Array.from({ length: 20_000 }, () => "1").join(",")}\n`),
  },
  { name: "ragged.csv", bytes: Buffer.from(`${header}2024-09-01T10:00:00Z,WS-1\n2024-09-01T10:00:00Z,WS-1,10.0.0.1,a,b,c,d\n${rows(5)}`) },
  { name: "mixed-line-endings.csv", bytes: Buffer.from(`${header.replace("\n", "\r\n")}${rows(5).replace(/\n/g, "\r")}${rows(5)}`) },
  { name: "only-delimiters.csv", bytes: Buffer.from(",,,,\n,,,,\n,,,,\n") },
  { name: "empty.csv", bytes: Buffer.alloc(0) },
  { name: "bom-only.csv", bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
  ...[11, 12, 13, 14, 15, 16, 17, 18].map((seed) => ({ name: `damaged-${seed}.csv`, bytes: damaged(seed) })),
];

/** The outcome of the files whose outcome is known in advance (worked out by hand): rows stored, or the error's reason. */
const EXPECTED: Record<string, number | RegExp> = {
  "random-tail.csv": /bytes that are not valid UTF-8 at byte offset|file looks binary/,
  "huge-field.csv": /row larger than 1 MiB/,
  "unclosed-quote.csv": /quot/,
  // the header's 41 bytes and 1,500 rows make 79,890 bytes: the bad sequence starts right after
  "invalid-utf8-late.csv": /line 1502: bytes that are not valid UTF-8 at byte offset 79890$/,
  "truncated-utf8.csv": /the file ends in the middle of a character/,
  "nul-late.csv": /line 1502: a NUL byte, which no CSV export holds/,
  "wide-100k-columns.csv": 1,
  "duplicate-header.csv": 1,
  "ragged.csv": 7,
  // the first line break (CRLF) is the record delimiter, as csv-parse has it: the CR and LF lines after it
  // are one record, kept whole with its extra cells under extra_1, extra_2, ...
  "mixed-line-endings.csv": 1,
  "empty.csv": /file is empty/,
  "bom-only.csv": /file is empty/,
};

let database: Database;
let services: Services;
let huntId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  services = createServices(database);
  huntId = (await services.hunts.create({ name: "Fuzz" })).id;
});
afterAll(() => database.close());

it.each(CORPUS.map((file) => [file.name, file] as const))("%s: a coded error naming it, or a whole dataset", async (name, file) => {
  const before = await storedCounts(database.dataSource);
  const outcome = await services.ingest.importCsv({ huntId, filename: name, source: Readable.from([file.bytes]) }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  const expected = EXPECTED[name];
  if (expected !== undefined) {
    if (typeof expected === "number") expect("result" in outcome && outcome.result.dataset.rowCount).toBe(expected);
    else expect("error" in outcome && (outcome.error as Error).message).toMatch(expected);
  }
  if ("error" in outcome) {
    expect(errorCode(outcome.error)).toBe(ErrorCode.BAD_USER_INPUT);
    expect((outcome.error as Error).message.startsWith(`${name}`)).toBe(true);
    expect(await storedCounts(database.dataSource)).toEqual(before);
    return;
  }
  const { dataset } = outcome.result;
  const [{ n }] = await database.dataSource.query(`SELECT count(*)::int AS n FROM dataset_rows WHERE dataset_id = $1`, [dataset.id]);
  expect(n).toBe(dataset.rowCount);
  expect(dataset.rowCount).toBeGreaterThan(0);
  expect(dataset.fileSizeBytes).toBe(file.bytes.length);
  const after = await storedCounts(database.dataSource);
  expect([after.datasets, after.rows]).toEqual([before.datasets + 1, before.rows + dataset.rowCount]);
});
