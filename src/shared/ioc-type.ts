// Kinds of indicator huntgraph indexes and correlates (ThreatHunt's ioc_type values, plus hostname).
import { registerEnumType } from "type-graphql";

export enum IocType {
  IP = "ip",
  DOMAIN = "domain",
  URL = "url",
  HASH_MD5 = "hash_md5",
  HASH_SHA1 = "hash_sha1",
  HASH_SHA256 = "hash_sha256",
  HOSTNAME = "hostname",
}

registerEnumType(IocType, {
  name: "IocType",
  description: "Kind of indicator of compromise.",
  valuesConfig: {
    IP: { description: "IPv4 or IPv6 address." },
    DOMAIN: { description: "DNS domain name." },
    URL: { description: "URL." },
    HASH_MD5: { description: "MD5 file hash (32 hex characters)." },
    HASH_SHA1: { description: "SHA-1 file hash (40 hex characters)." },
    HASH_SHA256: { description: "SHA-256 file hash (64 hex characters)." },
    HOSTNAME: { description: "Host name of a machine." },
  },
});

/** One indicator as a DataLoader key: its type and canonical value. */
export function iocKey(type: IocType | string, value: string): string {
  return `${type}\u0000${value}`;
}

export function splitIocKey(key: string): [IocType, string] {
  const at = key.indexOf("\u0000");
  return [key.slice(0, at) as IocType, key.slice(at + 1)];
}
