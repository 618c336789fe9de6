// Canonical forms of indicator values for the occurrence index, so that one indicator written two ways
// (EVIL.com / evil.com, hxxp://evil[.]com / http://evil.com) correlates.
import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";
import { IocType } from "../../shared/ioc-type";

/** Undoes the usual defanging of shared indicators: `[.]`, `(.)`, `[dot]` → `.`, `[:]` → `:`, `hxxp(s)://` → `http(s)://`. */
export function refang(value: string): string {
  return value
    .replace(/\[\.\]|\(\.\)|\[dot\]/gi, ".")
    .replace(/\[:\]/g, ":")
    .replace(/^hxxp(s?):\/\//i, "http$1://");
}

/**
 * The value as the occurrence index stores it, or null when it is empty. Every value is trimmed. ip:
 * refanged; IPv4 octets without leading zeros ("010.000.000.001" → "10.0.0.1": padded quads in logs are
 * decimal, not octal); IPv6 compressed and lower-case (RFC 5952), an IPv4-mapped address as its IPv4
 * address; anything else lower-cased. domain: refanged, lower-case, without a trailing dot, IDN as
 * punycode. url: refanged, scheme and host lower-case (the host as a domain or an address is), the
 * scheme's default port dropped, user, path, query and fragment kept as written (they are case-sensitive).
 * Hashes: lower-cased. hostname: upper-cased, as ThreatHunt compares hosts. huntgraph_canonical_ioc() is
 * the SQL twin (migrations), for all of it but IDN, which SQL leaves in Unicode.
 */
export function canonicalIocValue(type: IocType, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  switch (type) {
    case IocType.IP:
      return canonicalIp(maybeDefanged(value) ? refang(value) : value);
    case IocType.DOMAIN:
      return canonicalDomain(maybeDefanged(value) ? refang(value) : value);
    case IocType.URL:
      return canonicalUrl(maybeDefanged(value) ? refang(value) : value);
    case IocType.HASH_MD5:
    case IocType.HASH_SHA1:
    case IocType.HASH_SHA256:
      return value.toLowerCase();
    case IocType.HOSTNAME:
      return value.toUpperCase();
  }
}

/** False when refang() would return the value as it is: it has no `[` or `(` and does not start with h. */
function maybeDefanged(value: string): boolean {
  const first = value.charCodeAt(0);
  return first === 0x68 || first === 0x48 || value.indexOf("[") !== -1 || value.indexOf("(") !== -1;
}

function canonicalIp(value: string): string {
  const ipv4 = canonicalIpv4(value);
  if (ipv4 !== null) return ipv4;
  return value.includes(":") ? canonicalIpv6(value) : value.toLowerCase();
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * IPv6 compressed and lower-case; ::ffff:a.b.c.d as a.b.c.d. Left lower-cased only: addresses with a zone
 * (%eth0) or another embedded IPv4 form, which PostgreSQL's inet (the SQL twin) reads differently.
 */
function canonicalIpv6(value: string): string {
  const mapped = MAPPED_IPV4.exec(value);
  if (mapped) return canonicalIpv4(mapped[1]) ?? value.toLowerCase();
  if (value.includes("%") || value.includes(".") || !ipaddr.IPv6.isValid(value)) return value.toLowerCase();
  const address = ipaddr.IPv6.parse(value);
  return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : address.toString();
}

/** Lower-case, without a trailing dot, IDN as punycode (when it is a valid one). */
function canonicalDomain(value: string): string {
  const name = (value.endsWith(".") ? value.slice(0, -1) : value).toLowerCase();
  if (!/[\u0080-\uffff]/.test(name)) return name;
  return domainToASCII(name) || name;
}

/**
 * isIpv4(value) ? value.split(".").map(Number).join(".") : null, without the regular expressions and
 * arrays (this runs for every IP cell of every import): the value itself when no octet has a leading zero.
 */
function canonicalIpv4(value: string): string | null {
  const n = value.length;
  if (n < 7 || n > 15) return null;
  let octets = 0;
  let digits = 0;
  let octet = 0;
  let padded = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? value.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || octet > 255) return null;
      octets++;
      digits = 0;
      octet = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return null;
      if (digits === 2 && octet === 0) padded = true;
      octet = octet * 10 + (c - 0x30);
    } else {
      return null;
    }
  }
  if (octets !== 4) return null;
  return padded ? value.split(".").map(Number).join(".") : value;
}

const DEFAULT_PORTS: Record<string, string> = { "http://": "80", "https://": "443", "ftp://": "21", "ws://": "80", "wss://": "443" };

function canonicalUrl(value: string): string {
  // scheme://, optional user@, host[:port], then path, query and fragment; a URL may come without a scheme.
  const [, rawScheme = "", user = "", authority, rest] = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#@]*@)?([^/?#]*)(.*)$/is.exec(value)!;
  const scheme = rawScheme.toLowerCase();
  const [, host, port] = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority) ?? [authority, authority, undefined];
  const canonicalHost = host.startsWith("[") ? `[${canonicalIpv6(host.slice(1, -1))}]` : canonicalDomain(host);
  const keptPort = port === undefined || port === DEFAULT_PORTS[scheme] ? "" : `:${port}`;
  return scheme + user + canonicalHost + keptPort + rest;
}
