// huntgraph_canonical_ioc() in SQL must give what canonicalIocValue() gives in TypeScript: enrichment
// results are matched to the occurrence index (built in TypeScript at ingest) through the SQL function.
import type { Database } from "../../../../src/database/data-source";
import { canonicalIocValue } from "../../../../src/modules/occurrence/canonical-value";
import { IocType } from "../../../../src/shared/ioc-type";
import { openTestDatabase } from "../../../support/database";

/** Every example in one statement: position, type and raw value as parallel arrays. */
const CANONICAL_ALL = `
  SELECT k.position, huntgraph_canonical_ioc(k.ioc_type, k.raw) AS canonical
  FROM unnest($1::int[], $2::text[], $3::text[]) AS k(position, ioc_type, raw)
  ORDER BY k.position`;

const SHA256_UPPER = "F0D8FD22F47DA6E98734AF4904053EFD0AC6B1B70E10293C7EEAD9910BD7C4D6";
const SHA256_LOWER = "f0d8fd22f47da6e98734af4904053efd0ac6b1b70e10293c7eead9910bd7c4d6";

/** [type, raw value, canonical value], each worked out by hand from the rules in ioc-value.ts. */
const EXAMPLES: [IocType, string, string | null][] = [
  // ip: trimmed, refanged, IPv4 octets without leading zeros, lower-case; anything else kept
  [IocType.IP, " 10.0.0.1 ", "10.0.0.1"],
  [IocType.IP, "\t\r\n8.8.8.8\r\n", "8.8.8.8"],
  [IocType.IP, "\v\f10.0.0.2\v", "10.0.0.2"], // vertical tab and form feed are blanks too
  [IocType.IP, "010.000.000.001", "10.0.0.1"],
  [IocType.IP, "192.168.001.010", "192.168.1.10"],
  [IocType.IP, "000.000.000.000", "0.0.0.0"],
  [IocType.IP, "185[.]220[.]101[.]34", "185.220.101.34"],
  [IocType.IP, "185(.)220(.)101(.)034", "185.220.101.34"],
  [IocType.IP, "10[dot]0[DOT]0[Dot]7", "10.0.0.7"],
  [IocType.IP, "999.1.01.1", "999.1.01.1"], // an octet over 255: not an IPv4 address, leading zeros stay
  [IocType.IP, "256.000.0.1", "256.000.0.1"],
  [IocType.IP, "1.2.3", "1.2.3"],
  [IocType.IP, "1.2.3.4.5", "1.2.3.4.5"],
  [IocType.IP, "2001:DB8::1", "2001:db8::1"],
  [IocType.IP, "2001:db8[:]:1", "2001:db8::1"],
  [IocType.IP, "FE80::1%ETH0", "fe80::1%eth0"],
  [IocType.IP, "::FFFF:010.0.0.1", "10.0.0.1"], // IPv4-mapped: the IPv4 address, octets as decimals
  [IocType.IP, "::ffff:0102:0304", "1.2.3.4"],
  [IocType.IP, "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"], // compressed (RFC 5952)
  [IocType.IP, "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // one zero group is not compressed
  [IocType.IP, "1:0:0:1:0:0:0:1", "1:0:0:1::1"], // the longest run of zero groups is
  [IocType.IP, "::1.2.3.4", "::1.2.3.4"], // other embedded IPv4 forms: lower-case only
  [IocType.IP, "2001:db8::zz", "2001:db8::zz"], // not an address: lower-case only
  // domain: trimmed, refanged, lower-case
  [IocType.DOMAIN, "EVIL.com", "evil.com"],
  [IocType.DOMAIN, " evil[.]com ", "evil.com"],
  [IocType.DOMAIN, "Evil[DOT]Com", "evil.com"],
  [IocType.DOMAIN, "evil(.)com", "evil.com"],
  [IocType.DOMAIN, "Sub[.]Evil[dot]CO(.)uk", "sub.evil.co.uk"],
  [IocType.DOMAIN, "HXXP://Evil.com", "http://evil.com"],
  [IocType.DOMAIN, "vpn.example.dev", "vpn.example.dev"], // a value may start and end with "v"
  [IocType.DOMAIN, "Evil.COM.", "evil.com"], // no trailing dot
  // url: trimmed, refanged, scheme and host lower-case; user, port, path, query and fragment kept
  [IocType.URL, "hxxp://Evil[.]COM/Path?Q=A", "http://evil.com/Path?Q=A"],
  [IocType.URL, "HXXP://EVIL.COM/A", "http://evil.com/A"],
  [IocType.URL, "HXXPS://EVIL.com[:]8443/x", "https://evil.com:8443/x"],
  [IocType.URL, "hxxps[:]//evil[.]com/a", "https://evil.com/a"],
  [IocType.URL, "  hxxp://evil[.]com/x  ", "http://evil.com/x"],
  [IocType.URL, "HTTP://User@Evil.COM/A#Frag", "http://User@evil.com/A#Frag"],
  [IocType.URL, "https://Admin:S3cret@Evil.COM:8080/Login?Next=/Home", "https://Admin:S3cret@evil.com:8080/Login?Next=/Home"],
  [IocType.URL, "Evil.COM/Download.EXE", "evil.com/Download.EXE"],
  [IocType.URL, "EVIL.COM:8080/Path", "evil.com:8080/Path"],
  [IocType.URL, "http://[2001:DB8::1]:8080/Index", "http://[2001:db8::1]:8080/Index"],
  [IocType.URL, "HTTP://EVIL.COM", "http://evil.com"],
  [IocType.URL, "http://Evil.COM?Q=UPPER", "http://evil.com?Q=UPPER"],
  [IocType.URL, "FTP://Files.Example.ORG/Pub/README", "ftp://files.example.org/Pub/README"],
  [IocType.URL, "http://evil(.)com/hxxp://X", "http://evil.com/hxxp://X"], // hxxp is a scheme only at the start
  [IocType.URL, "http://evil.com/a[dot]B", "http://evil.com/a.B"],
  [IocType.URL, "vnc://Viewer.DEV/v", "vnc://viewer.dev/v"],
  [IocType.URL, "HTTP://Evil.COM:80/A", "http://evil.com/A"], // the default port dropped
  [IocType.URL, "https://evil.com.:443", "https://evil.com"],
  [IocType.URL, "http://evil.com:443/x", "http://evil.com:443/x"], // another scheme's default stays
  [IocType.URL, "evil.com:80/x", "evil.com:80/x"], // no scheme, no default
  [IocType.URL, "http://User:Pw@Evil.com:80/", "http://User:Pw@evil.com/"],
  [IocType.URL, "http://[2001:DB8:0::1]:80/Index", "http://[2001:db8::1]/Index"],
  // hashes: trimmed, lower-case, never refanged
  [IocType.HASH_MD5, " 3999C6206DC82F6F4D91B771CF7E1225 ", "3999c6206dc82f6f4d91b771cf7e1225"],
  [IocType.HASH_SHA1, "E978F868350D50EBE88342AB8B4357A4DC01753F", "e978f868350d50ebe88342ab8b4357a4dc01753f"],
  [IocType.HASH_SHA256, SHA256_UPPER, SHA256_LOWER],
  [IocType.HASH_SHA256, `\t${SHA256_LOWER}\n`, SHA256_LOWER],
  [IocType.HASH_MD5, "ABC[.]DEF", "abc[.]def"],
  // hostname: trimmed, upper-case, never refanged
  [IocType.HOSTNAME, "ws-fin-042", "WS-FIN-042"],
  [IocType.HOSTNAME, " ws-fin-042.corp.example.com ", "WS-FIN-042.CORP.EXAMPLE.COM"],
  [IocType.HOSTNAME, "ws[.]corp", "WS[.]CORP"],
  [IocType.HOSTNAME, "\vvpn-gw-v\v", "VPN-GW-V"],
  // empty and blank values have no canonical form, whatever the type
  ...Object.values(IocType).flatMap((type): [IocType, string, null][] => [
    [type, "", null],
    [type, " \t\r\n\v\f ", null],
  ]),
];

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe("huntgraph_canonical_ioc", () => {
  it(`has a table of ${EXAMPLES.length} examples covering every IOC type`, () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(EXAMPLES.filter(([, , canonical]) => canonical !== null).map(([type]) => type))).toEqual(
      new Set(Object.values(IocType)),
    );
  });

  it("gives the hand-worked canonical form of every example in TypeScript", () => {
    expect(EXAMPLES.map(([type, raw]) => [type, raw, canonicalIocValue(type, raw)])).toEqual(EXAMPLES);
  });

  it("gives the same canonical form as canonicalIocValue for every example, in one SQL statement", async () => {
    const rows: Array<{ position: number; canonical: string | null }> = await database.dataSource.query(CANONICAL_ALL, [
      EXAMPLES.map((_, i) => i),
      EXAMPLES.map(([type]) => type),
      EXAMPLES.map(([, raw]) => raw),
    ]);
    expect(rows.map((row, i) => [EXAMPLES[i][0], EXAMPLES[i][1], row.canonical])).toEqual(EXAMPLES);
  });

  it("writes IDN domains as punycode in TypeScript, which SQL leaves in Unicode (lower-case)", async () => {
    expect(canonicalIocValue(IocType.DOMAIN, "BÜCHER.example")).toBe("xn--bcher-kva.example");
    expect(canonicalIocValue(IocType.URL, "http://Bücher.DE./Pfad")).toBe("http://xn--bcher-kva.de/Pfad");
    const [row] = await database.dataSource.query(`SELECT huntgraph_canonical_ioc('domain', 'BÜCHER.example') AS canonical`);
    expect(row.canonical).toBe("bücher.example");
  });

  it("gives null for a null value", async () => {
    const [row] = await database.dataSource.query(`SELECT huntgraph_canonical_ioc('domain', NULL) AS canonical`);
    expect(row.canonical).toBeNull();
  });
});
