// MISP's warninglist format: reading one list.json into what huntgraph stores, with every entry in the
// form its matching compares (see matching.sql.ts). Entries that cannot match anything are counted and
// named, not silently dropped.
import { domainToASCII } from "node:url";
import ipaddr from "ipaddr.js";
import { badInput } from "../../shared/errors";
import { IocType } from "../../shared/ioc-type";
import { WarninglistType } from "./warninglist.entity";

/** A list as read from MISP's JSON, ready to store. */
export interface ParsedWarninglist {
  title: string;
  description: string;
  version: string;
  listType: WarninglistType;
  iocTypes: IocType[];
  /** Patterns in their compared form, each once; `network` is set for CIDR lists. */
  entries: { pattern: string; network: string | null }[];
  /** How many entries the file has. */
  size: number;
  /** Entries that were left out, with why (at most a few examples each). */
  rejected: { count: number; examples: string[] };
}

const LIST_TYPES = new Set<string>(Object.values(WarninglistType));

/** MISP attribute types → huntgraph's IOC types. `domain|ip` is an address for CIDR lists, a domain otherwise. */
const ATTRIBUTE_TYPES: Record<string, IocType> = {
  "ip-src": IocType.IP,
  "ip-dst": IocType.IP,
  "ip-src|port": IocType.IP,
  "ip-dst|port": IocType.IP,
  domain: IocType.DOMAIN,
  hostname: IocType.DOMAIN,
  url: IocType.URL,
  uri: IocType.URL,
  link: IocType.URL,
  md5: IocType.HASH_MD5,
  "filename|md5": IocType.HASH_MD5,
  sha1: IocType.HASH_SHA1,
  "filename|sha1": IocType.HASH_SHA1,
  sha256: IocType.HASH_SHA256,
  "filename|sha256": IocType.HASH_SHA256,
};

function iocTypesOf(attributes: string[], listType: WarninglistType): IocType[] {
  const types = new Set<IocType>();
  for (const attribute of attributes) {
    if (attribute === "domain|ip") types.add(listType === WarninglistType.CIDR ? IocType.IP : IocType.DOMAIN);
    else if (ATTRIBUTE_TYPES[attribute]) types.add(ATTRIBUTE_TYPES[attribute]);
  }
  return [...types].sort();
}

/** A block (or a bare address, as /32 or /128) as PostgreSQL's cidr takes it: host bits cleared. */
export function network(entry: string): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    [address, bits] = entry.includes("/") ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), entry.includes(":") ? 128 : 32];
  } catch {
    return null;
  }
  const bytes = address.toByteArray().map((byte, i) => byte & (0xff << Math.max(0, Math.min(8, (i + 1) * 8 - bits))) & 0xff);
  return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
}

/** A domain as the index stores it: lower-case, punycode, no trailing dot; null when it is no domain. */
export function domain(entry: string): string | null {
  const ascii = domainToASCII(entry.replace(/\.$/, ""));
  return ascii === "" ? null : ascii;
}

/** MISP writes regular expressions as /pattern/flags (PCRE); PostgreSQL takes the pattern, with (?i) for the i flag. */
function regex(entry: string): string {
  const delimited = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  if (!delimited) return entry;
  return delimited[2].includes("i") ? `(?i)${delimited[1]}` : delimited[1];
}

/** An entry in its compared form, or null when it cannot match anything. */
function entryOf(listType: WarninglistType, raw: string): { pattern: string; network: string | null } | null {
  const entry = raw.trim();
  if (!entry) return null;
  switch (listType) {
    case WarninglistType.CIDR: {
      const block = network(entry);
      return block === null ? null : { pattern: block, network: block };
    }
    case WarninglistType.HOSTNAME: {
      const name = domain(entry.replace(/^\*?\./, ""));
      return name === null ? null : { pattern: name, network: null };
    }
    case WarninglistType.STRING: {
      // ".example.com" in a string list stands for the subdomains of example.com, as MISP's domain lists write them.
      if (entry.startsWith(".")) {
        const name = domain(entry.slice(1));
        return name === null ? null : { pattern: `.${name}`, network: null };
      }
      return { pattern: entry.toLowerCase(), network: null };
    }
    case WarninglistType.SUBSTRING:
      return { pattern: entry.toLowerCase(), network: null };
    case WarninglistType.REGEX:
      return { pattern: regex(entry), network: null };
  }
}

function text(json: Record<string, unknown>, field: string, where: string): string {
  const value = json[field];
  if (typeof value !== "string" || !value.trim()) throw badInput(`${where}: "${field}" must be a non-empty string`, field);
  return value;
}

/** A list's version and entry count, read without parsing its entries (to tell whether it changed). */
export function warninglistVersion(json: unknown, where: string): { version: string; size: number } {
  const object = listObject(json, where);
  return { version: versionOf(object, where), size: Array.isArray(object.list) ? object.list.length : 0 };
}

function listObject(json: unknown, where: string): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw badInput(`${where}: not a MISP warninglist (expected a JSON object)`);
  }
  return json as Record<string, unknown>;
}

function versionOf(object: Record<string, unknown>, where: string): string {
  const version = object.version;
  if (!Number.isSafeInteger(version) || (version as number) < 0) throw badInput(`${where}: "version" must be a whole number`, "version");
  return String(version);
}

/** Reads MISP's JSON of one list; `where` names it in errors (its file). */
export function parseWarninglist(json: unknown, where: string): ParsedWarninglist {
  const object = listObject(json, where);
  const listType = text(object, "type", where) as WarninglistType;
  if (!LIST_TYPES.has(listType)) {
    throw badInput(`${where}: "type" must be one of ${[...LIST_TYPES].join(", ")}, got "${listType}"`, "type");
  }
  const version = versionOf(object, where);
  const attributes = object.matching_attributes;
  const list = object.list;
  if (!Array.isArray(attributes) || !attributes.every((a) => typeof a === "string")) {
    throw badInput(`${where}: "matching_attributes" must be a list of MISP attribute types`, "matching_attributes");
  }
  if (!Array.isArray(list) || !list.every((e) => typeof e === "string")) {
    throw badInput(`${where}: "list" must be a list of strings`, "list");
  }
  const entries = new Map<string, { pattern: string; network: string | null }>();
  const rejected = { count: 0, examples: [] as string[] };
  for (const raw of list as string[]) {
    const entry = entryOf(listType, raw);
    if (entry === null) {
      rejected.count++;
      if (rejected.examples.length < 3) rejected.examples.push(raw);
    } else {
      entries.set(entry.pattern, entry);
    }
  }
  return {
    title: text(object, "name", where),
    description: typeof object.description === "string" ? object.description : "",
    version,
    listType,
    iocTypes: iocTypesOf(attributes as string[], listType),
    entries: [...entries.values()],
    size: list.length,
    rejected,
  };
}
