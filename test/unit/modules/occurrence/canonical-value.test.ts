import { canonicalTechnique } from "../../../../src/modules/attack/attack-technique";
import { canonicalIocValue, refang } from "../../../../src/modules/occurrence/canonical-value";
import { IocType } from "../../../../src/shared/ioc-type";

describe("canonicalIocValue", () => {
  it.each<[IocType, string, string]>([
    [IocType.IP, " 10.0.0.1 ", "10.0.0.1"],
    [IocType.IP, "010.000.000.001", "10.0.0.1"],
    [IocType.IP, "192.168.001.010", "192.168.1.10"],
    [IocType.IP, "0.0.0.0", "0.0.0.0"],
    [IocType.IP, "185[.]220[.]101[.]34", "185.220.101.34"],
    [IocType.IP, "185(.)220(.)101(.)034", "185.220.101.34"],
    [IocType.IP, "2001:DB8::1", "2001:db8::1"],
    [IocType.IP, "2001:db8[:]:1", "2001:db8::1"],
    [IocType.IP, "999.1.01.1", "999.1.01.1"],
    [IocType.DOMAIN, "EVIL.com", "evil.com"],
    [IocType.DOMAIN, " evil[.]com ", "evil.com"],
    [IocType.DOMAIN, "Evil[DOT]Com", "evil.com"],
    [IocType.DOMAIN, "evil(.)com", "evil.com"],
    [IocType.URL, "hxxp://Evil[.]COM/Path?Q=A", "http://evil.com/Path?Q=A"],
    [IocType.URL, "HXXPS://EVIL.com[:]8443/x", "https://evil.com:8443/x"],
    [IocType.URL, "hxxps[:]//evil[.]com/a", "https://evil.com/a"],
    [IocType.URL, "HTTP://User@Evil.COM/A#Frag", "http://User@evil.com/A#Frag"],
    [IocType.URL, "Evil.COM/Download.EXE", "evil.com/Download.EXE"],
    [IocType.URL, "http://[2001:DB8::1]:8080/Index", "http://[2001:db8::1]:8080/Index"],
    [IocType.HASH_MD5, " 3999C6206DC82F6F4D91B771CF7E1225 ", "3999c6206dc82f6f4d91b771cf7e1225"],
    [IocType.HASH_SHA1, "E978F868350D50EBE88342AB8B4357A4DC01753F", "e978f868350d50ebe88342ab8b4357a4dc01753f"],
    [
      IocType.HASH_SHA256,
      "F0D8FD22F47DA6E98734AF4904053EFD0AC6B1B70E10293C7EEAD9910BD7C4D6",
      "f0d8fd22f47da6e98734af4904053efd0ac6b1b70e10293c7eead9910bd7c4d6",
    ],
    [IocType.HOSTNAME, "ws-fin-042", "WS-FIN-042"],
    [IocType.HOSTNAME, " ws-fin-042.corp.example.com ", "WS-FIN-042.CORP.EXAMPLE.COM"],
    [IocType.HOSTNAME, "ws[.]corp", "WS[.]CORP"],
  ])("%s %j → %j", (type, raw, canonical) => {
    expect(canonicalIocValue(type, raw)).toBe(canonical);
  });

  it.each(Object.values(IocType))("gives null for an empty or blank %s", (type) => {
    expect(canonicalIocValue(type, "")).toBeNull();
    expect(canonicalIocValue(type, " \t ")).toBeNull();
  });
});

describe("refang", () => {
  it("rewrites hxxp only as a scheme", () => {
    expect(refang("hxxp://a.com/hxxp://b")).toBe("http://a.com/hxxp://b");
  });
});

describe("canonicalTechnique", () => {
  it.each([
    ["t1059.001 ", "T1059.001"],
    [" T1003", "T1003"],
    ["T1059.001", "T1059.001"],
  ])("%j → %j", (raw, canonical) => {
    expect(canonicalTechnique(raw)).toBe(canonical);
  });

  it("gives null for an empty id", () => {
    expect(canonicalTechnique("  ")).toBeNull();
  });
});
