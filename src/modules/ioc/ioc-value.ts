// Canonical forms of indicator values and ATT&CK technique ids for the occurrence index, so that one
// indicator written two ways (EVIL.com / evil.com, hxxp://evil[.]com / http://evil.com) correlates.
import { IocType } from "../../shared/ioc-type";
import { isIpv4 } from "../ingest/normalize";

/** Undoes the usual defanging of shared indicators: `[.]`, `(.)`, `[dot]` → `.`, `[:]` → `:`, `hxxp(s)://` → `http(s)://`. */
export function refang(value: string): string {
  return value
    .replace(/\[\.\]|\(\.\)|\[dot\]/gi, ".")
    .replace(/\[:\]/g, ":")
    .replace(/^hxxp(s?):\/\//i, "http$1://");
}

/**
 * The value as the occurrence index stores it, or null when it is empty. Every value is trimmed. ip:
 * refanged, IPv4 octets without leading zeros ("010.000.000.001" → "10.0.0.1": padded quads in logs are
 * decimal, not octal), lower-cased (IPv6 hex digits; IPv6 is not otherwise rewritten, tools print it
 * compressed already). domain: refanged, lower-cased. url: refanged, scheme and host lower-cased, the rest
 * kept (paths and queries are case-sensitive). Hashes: lower-cased. hostname: upper-cased, as ThreatHunt
 * compares hosts.
 */
export function canonicalIocValue(type: IocType, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  switch (type) {
    case IocType.IP:
      return canonicalIp(refang(value));
    case IocType.DOMAIN:
      return refang(value).toLowerCase();
    case IocType.URL:
      return canonicalUrl(refang(value));
    case IocType.HASH_MD5:
    case IocType.HASH_SHA1:
    case IocType.HASH_SHA256:
      return value.toLowerCase();
    case IocType.HOSTNAME:
      return value.toUpperCase();
  }
}

/** An ATT&CK technique id as hypotheses are grouped by it: trimmed, upper-cased ("t1059.001 " → "T1059.001"); null when empty. */
export function canonicalTechnique(raw: string): string | null {
  return raw.trim().toUpperCase() || null;
}

function canonicalIp(value: string): string {
  if (isIpv4(value)) return value.split(".").map(Number).join(".");
  return value.toLowerCase();
}

function canonicalUrl(value: string): string {
  // scheme://, optional user@, host[:port], then path, query and fragment; a URL may come without a scheme.
  const [, scheme = "", user = "", host, rest] = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#@]*@)?([^/?#]*)(.*)$/is.exec(value)!;
  return scheme.toLowerCase() + user + host.toLowerCase() + rest;
}
