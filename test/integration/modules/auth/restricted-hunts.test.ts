// A restricted hunt does not exist for a caller who may not see it: every field an outsider can ask for
// answers the same before and after a restricted hunt holding the same indicators, hosts, time window and
// technique is added; its ids answer NOT_FOUND exactly as ids that exist nowhere. Its owner, its members
// and admins see it.
//
// The data: two open hunts of a ransomware investigation (Sysmon network events and a proxy log, made by
// hand after real exports: a C2 address and domain, a dropper hash, an internal file server, two
// workstations, a public resolver that the bundled warninglists set aside) and an insider case, restricted,
// whose exports hold the same values plus some shared with one open hunt only.
import type { Database } from "../../../../src/database/data-source";
import type { Caller } from "../../../../src/modules/auth/caller";
import type { Role } from "../../../../src/modules/auth/role";
import { createTestApi, type TestApi } from "../../../support/api";
import { openTestDatabase } from "../../../support/database";
import { csv, type FixtureHunt, Hunting } from "../../../support/hunting";

const C2_IP = "203.0.113.10";
const C2_DOMAIN = "update-check.example-cdn.net";
const DROPPER = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

function sysmon(day: number, hosts: string[], ips: string[], hashes: string[]): string {
  const rows = hosts.flatMap((host, h) =>
    ips.map((ip, i) => {
      const time = new Date(Date.UTC(2025, 2, day, 6 + h, i * 7)).toISOString().replace(".000Z", "Z");
      return `${time},${host},C:\\Windows\\System32\\rundll32.exe,${ip},${hashes[(h + i) % hashes.length]}`;
    }),
  );
  return csv("UtcTime,Hostname,Image,DestinationIp,SHA256", ...rows);
}

function proxy(day: number, hosts: string[], domains: string[]): string {
  const rows = domains.flatMap((domain, d) =>
    hosts.map((host, h) => `2025-03-${String(day + ((d + h) % 3)).padStart(2, "0")} 0${h}:1${d}:00,${host},https://${domain}/,200`),
  );
  return csv("timestamp,hostname,url,status", ...rows);
}

const EVERYTHING = `
fragment Links on Correlation {
  huntIds hunts { name } summary totalCorrelations
  iocOverlaps(first: 100, includeSuppressed: true) {
    totalCount suppressedCount
    nodes {
      value type score reasons { signal effect detail } count huntCount lastSeen verdict disposition
      prevalence { hunts totalHunts datasets totalDatasets hosts totalHosts }
      suppressedBy { source id reason } hunts { name } appearances { column occurrences hosts dataset { name } hunt { name } }
      enrichments { source verdict dataset { name } }
    }
  }
  byAppearances: iocOverlaps(first: 5, orderBy: APPEARANCES) { totalCount nodes { value count } }
  malicious: iocOverlaps(verdict: MALICIOUS) { totalCount nodes { value } }
  suppressed(first: 100) { totalCount suppressedCount nodes { value suppressedBy { source reason } } }
  timeOverlaps { totalCount nodes { hours start end datasetA { name } datasetB { name } } }
  techniqueOverlaps { totalCount nodes { techniqueId hunts { name } hypotheses { title } } }
  hostOverlaps { totalCount nodes { hostname appearances huntCount lastSeen prevalence { hunts totalHunts datasets totalDatasets hosts totalHosts } hunts { name } datasets { column occurrences dataset { name } } } }
}
query Everything($a: ID!, $b: ID!, $datasetA: ID!, $hypothesisA: ID!) {
  hunts { totalCount nodes { name restricted members { username } datasets { totalCount nodes { name rowCount } } hypotheses { totalCount nodes { title } } } }
  closed: hunts(status: CLOSED) { totalCount }
  hunt(id: $a) { name }
  datasets(huntId: $a) { totalCount nodes { name rows(first: 2) { totalCount nodes { rowIndex data } } } }
  dataset(id: $datasetA) { name hunt { name } }
  hypotheses(huntId: $b) { totalCount nodes { title } }
  hypothesis(id: $hypothesisA) { title hunt { name } }
  every: correlation { ...Links }
  named: correlation(huntIds: [$a, $b]) { ...Links }
  c2: iocSightings(value: "${C2_IP}") { totalCount nodes { column occurrences firstSeen hosts dataset { name } hunt { name } firstRow { rowIndex } } }
  domain: iocSightings(value: "hxxps://${C2_DOMAIN.replace(/\./g, "[.]")}/") { totalCount nodes { column dataset { name } } }
  host: iocSightings(value: "ws-acc-01", type: HOSTNAME) { totalCount nodes { column dataset { name } } }
  dispositions { totalCount nodes { value disposition huntId reason } }
  exclusionRules { totalCount }
  warninglists { name enabled }
  enrichments(iocValue: "${C2_IP}") { totalCount nodes { source verdict dataset { name } } }
}`;

let database: Database;
let api: TestApi;
let hunting: Hunting;
const people: Record<string, Caller> = {};
let a: FixtureHunt;
let b: FixtureHunt;
let ids: { a: string; b: string; datasetA: string; hypothesisA: string };
let restricted: { hunt: string; dataset: string; hypothesis: string; disposition: string };

async function person(username: string, role: Role): Promise<Caller> {
  const user = await api.services.users.create({ username, password: `${username} passphrase`, role });
  return (people[username] = { kind: "user", role, id: user.id, name: username });
}

const outsiderViews = async () => ({
  user: await api.as(people.olga).data(EVERYTHING, ids),
  token: await api.as({ kind: "token", role: "viewer", id: "f".repeat(32), name: "dashboard" }).data(EVERYTHING, ids),
});
let before: Awaited<ReturnType<typeof outsiderViews>>;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await createTestApi(database);
  await api.services.warninglists.installBundled();
  hunting = new Hunting(api);
  for (const [name, role] of [
    ["olga", "viewer"],
    ["oscar", "analyst"],
    ["ines", "analyst"],
    ["mia", "viewer"],
  ] as const)
    await person(name, role);

  a = await hunting.hunt("Ransomware precursor");
  b = await hunting.hunt("Phishing follow-up");
  const shared = [C2_IP, "198.51.100.23", "10.20.0.5", "8.8.8.8"];
  const datasetA = await hunting.dataset(
    a,
    "sysmon-net-a.csv",
    sysmon(1, ["WS-ACC-01", "SRV-FILE-02", "WS-HR-07"], [...shared, "203.0.113.77"], [DROPPER]),
  );
  await hunting.dataset(
    a,
    "proxy-a.csv",
    proxy(1, ["WS-ACC-01", "WS-HR-07"], [C2_DOMAIN, "login.microsoftonline.com", "intranet.corp.example"]),
  );
  await hunting.dataset(b, "sysmon-net-b.csv", sysmon(3, ["WS-ACC-01", "SRV-FILE-02", "WS-MKT-03"], shared, [DROPPER, "a".repeat(64)]));
  await hunting.dataset(b, "proxy-b.csv", proxy(3, ["WS-MKT-03"], [C2_DOMAIN, "login.microsoftonline.com"]));
  const hypothesisA = await hunting.hypothesis(a, "PowerShell stager", "T1059.001");
  await hunting.hypothesis(b, "PowerShell from the phishing attachment", "T1059.001");
  await hunting.hypothesis(b, "Exfiltration to cloud storage", "T1567");
  await hunting.enrich([
    { iocValue: C2_IP, iocType: "IP", source: "virustotal", verdict: "MALICIOUS" },
    { iocValue: C2_DOMAIN, iocType: "DOMAIN", source: "otx", verdict: "SUSPICIOUS" },
  ]);
  await api.data(
    `mutation { setDisposition(input: { iocType: IP, value: "10.20.0.5", disposition: IGNORED, reason: "backup server" }) { disposition { id } } }`,
  );
  ids = { a: a.id, b: b.id, datasetA: datasetA.id, hypothesisA };
  before = await outsiderViews();

  // the insider case, made by its owner and restricted at once
  const ines = api.as(people.ines);
  const {
    createHunt: { hunt: createHunt },
  } = await ines.data(`mutation { createHunt(input: { name: "Insider case", restricted: true }) { hunt { id ownerId restricted } } }`);
  expect(createHunt).toMatchObject({ ownerId: people.ines.id, restricted: true });
  const insider = new Hunting(ines);
  const hunt = { id: createHunt.id, name: "Insider case" };
  const dataset = await insider.dataset(
    hunt,
    "edr-insider.csv",
    sysmon(2, ["WS-ACC-01", "WS-HR-07", "LT-EXEC-01"], [...shared, "203.0.113.77"], [DROPPER]),
  );
  await insider.dataset(
    hunt,
    "proxy-insider.csv",
    proxy(2, ["WS-HR-07", "LT-EXEC-01"], [C2_DOMAIN, "login.microsoftonline.com", "intranet.corp.example"]),
  );
  const hypothesis = await insider.hypothesis(hunt, "Staging to personal cloud", "T1567");
  await insider.hypothesis(hunt, "PowerShell on the executive's laptop", "T1059.001");
  const {
    setDisposition: { disposition: setDisposition },
  } = await ines.data(
    `mutation ($hunt: ID!) { setDisposition(input: { iocType: IP, value: "${C2_IP}", huntId: $hunt, disposition: ESCALATED, reason: "insider's exfil" }) { disposition { id } } }`,
    { hunt: hunt.id },
  );
  restricted = { hunt: hunt.id, dataset: dataset.id, hypothesis, disposition: setDisposition.id };
}, 120_000);
afterAll(() => database.close());

describe("to a caller who may not see it", () => {
  it("changes no answer of any field, for a user or an API token", async () => {
    const after = await outsiderViews();
    expect(after.user).toEqual(before.user);
    expect(after.token).toEqual(before.token);
    // and the answers are not empty: the open hunts' links are all there
    expect(before.user.every.iocOverlaps.nodes.map((node: any) => node.value)).toEqual(
      expect.arrayContaining([C2_IP, `https://${C2_DOMAIN}/`, DROPPER]),
    );
    expect(before.user.every.hostOverlaps.totalCount).toBe(2);
  });

  it("answers its ids NOT_FOUND, word for word as an id that exists nowhere", async () => {
    const outsider = api.as(people.olga);
    const nowhere = "0".repeat(32);
    const probes = [
      [`query ($id: ID!) { hunt(id: $id) { name } }`, restricted.hunt],
      [`query ($id: ID!) { datasets(huntId: $id) { totalCount } }`, restricted.hunt],
      [`query ($id: ID!) { hypotheses(huntId: $id) { totalCount } }`, restricted.hunt],
      [`query ($id: ID!) { dataset(id: $id) { name } }`, restricted.dataset],
      [`query ($id: ID!) { hypothesis(id: $id) { title } }`, restricted.hypothesis],
      [`query ($id: ID!, $a: ID!) { correlation(huntIds: [$a, $id]) { summary } }`, restricted.hunt],
    ] as const;
    for (const [query, id] of probes) {
      const hidden = await outsider.run(query, { id, a: a.id });
      const missing = await outsider.run(query, { id: nowhere, a: a.id });
      expect(hidden.errors?.[0].extensions?.code).toBe("NOT_FOUND");
      expect(hidden.errors?.[0].message).toBe(missing.errors?.[0].message.replace(nowhere, id));
    }
  });

  it("refuses every change to it as NOT_FOUND, and changes nothing of it", async () => {
    const oscar = api.as(people.oscar);
    const changes = [
      `mutation ($id: ID!) { updateHunt(id: $id, input: { name: "mine now" }) { hunt { id } } }`,
      `mutation ($id: ID!) { restrictHunt(id: $id, restricted: false) { hunt { id } } }`,
      `mutation ($id: ID!) { addHuntMember(huntId: $id, username: "oscar") { hunt { id } } }`,
      `mutation ($id: ID!) { createHypothesis(input: { huntId: $id, title: "x" }) { hypothesis { id } } }`,
      `mutation ($id: ID!) { importDataset(input: { huntId: $id, filename: "x.csv", content: "a\\n1\\n" }) { dataset { id } } }`,
      `mutation ($id: ID!) { setDisposition(input: { huntId: $id, iocType: IP, value: "1.2.3.4", disposition: BENIGN, reason: "x" }) { disposition { id } } }`,
    ];
    for (const mutation of changes)
      expect((await oscar.run(mutation, { id: restricted.hunt })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    for (const [mutation, id] of [
      [`mutation ($id: ID!) { updateHypothesis(id: $id, input: { title: "x" }) { hypothesis { id } } }`, restricted.hypothesis],
      [`mutation ($id: ID!) { reindexDataset(id: $id) { dataset { id } } }`, restricted.dataset],
      [`mutation ($id: ID!) { removeDisposition(id: $id) { disposition { id } } }`, restricted.disposition],
    ] as const) {
      expect((await oscar.run(mutation, { id })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    }
    const { hunt } = await api.data(
      `query ($id: ID!) { hunt(id: $id) { name restricted members { username } datasets { totalCount } hypotheses { totalCount } } }`,
      {
        id: restricted.hunt,
      },
    );
    expect(hunt).toEqual({
      name: "Insider case",
      restricted: true,
      members: [],
      datasets: { totalCount: 2 },
      hypotheses: { totalCount: 2 },
    });
  });
});

describe("to those who may see it", () => {
  const THREE = `{ hunts { totalCount } correlation { huntIds iocOverlaps(first: 100, includeSuppressed: true) { nodes { value prevalence { hunts totalHunts } } } } }`;

  it("shows it to its owner and to admins, with the links it adds", async () => {
    for (const caller of [people.ines, undefined]) {
      const view = await (caller ? api.as(caller) : api).data(THREE);
      expect(view.hunts.totalCount).toBe(3);
      expect(view.correlation.huntIds).toContain(restricted.hunt);
      const values = view.correlation.iocOverlaps.nodes.map((node: any) => node.value);
      // shared by the insider case and one open hunt only (a documentation address, so set aside as noise)
      expect(values).toContain("203.0.113.77");
      expect(before.user.every.iocOverlaps.nodes.map((node: any) => node.value)).not.toContain("203.0.113.77");
      expect(view.correlation.iocOverlaps.nodes.find((node: any) => node.value === C2_IP).prevalence).toEqual({ hunts: 3, totalHunts: 3 });
    }
  });

  it("shows it to a member once its owner adds them, and hides it again when removed", async () => {
    const mia = api.as(people.mia);
    expect((await mia.data(THREE)).hunts.totalCount).toBe(2);
    await api
      .as(people.ines)
      .data(`mutation ($id: ID!) { addHuntMember(huntId: $id, username: "mia") { hunt { members { username } } } }`, {
        id: restricted.hunt,
      });
    expect((await mia.data(THREE)).hunts.totalCount).toBe(3);
    await api
      .as(people.ines)
      .data(`mutation ($id: ID!) { removeHuntMember(huntId: $id, username: "mia") { hunt { id } } }`, { id: restricted.hunt });
    expect((await mia.data(THREE)).hunts.totalCount).toBe(2);
  });

  it("hides a restricted hunt with no owner (made by an API token, or by ThreatHunt) from every caller but admins", async () => {
    const {
      createHunt: { hunt: createHunt },
    } = await api.data(`mutation { createHunt(input: { name: "Ownerless", restricted: true }) { hunt { id ownerId } } }`);
    expect(createHunt.ownerId).toBeNull();
    const token: Caller = { kind: "token", role: "analyst", id: "e".repeat(32), name: "soar" };
    for (const caller of [token, people.olga, people.mia]) {
      const { hunts } = await api.as(caller).data(`{ hunts { nodes { name } } }`);
      expect(hunts.nodes.map((hunt: any) => hunt.name)).not.toContain("Ownerless");
      expect(
        (await api.as(caller).run(`query ($id: ID!) { hunt(id: $id) { name } }`, { id: createHunt.id })).errors?.[0].extensions?.code,
      ).toBe("NOT_FOUND");
    }
    expect((await api.data(`{ hunts { nodes { name } } }`)).hunts.nodes.map((hunt: any) => hunt.name)).toContain("Ownerless");
    await api.data(`mutation ($id: ID!) { deleteHunt(id: $id) { deletedId } }`, { id: createHunt.id });
  });

  it("lets only its owner or an admin change who sees it", async () => {
    await api
      .as(people.ines)
      .data(`mutation ($id: ID!) { addHuntMember(huntId: $id, username: "oscar") { hunt { id } } }`, { id: restricted.hunt });
    const member = await api
      .as(people.oscar)
      .run(`mutation ($id: ID!) { restrictHunt(id: $id, restricted: false) { hunt { id } } }`, { id: restricted.hunt });
    expect(member.errors?.[0]).toMatchObject({
      message: `only the owner of hunt ${restricted.hunt} or an admin may change who sees it`,
      extensions: { code: "FORBIDDEN" },
    });
    await api.data(`mutation ($id: ID!) { removeHuntMember(huntId: $id, username: "oscar") { hunt { id } } }`, { id: restricted.hunt });
  });
});
