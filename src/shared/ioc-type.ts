// Kinds of indicator huntgraph indexes and correlates (ThreatHunt's ioc_type values, plus hostname).
import { valuedEnum } from "./enums";
import { badInput } from "./errors";

export const IocType = valuedEnum("IocType", "Kind of indicator of compromise.", {
  IP: ["ip", "IPv4 or IPv6 address."],
  DOMAIN: ["domain", "DNS domain name."],
  URL: ["url", "URL."],
  HASH_MD5: ["hash_md5", "MD5 file hash (32 hex characters)."],
  HASH_SHA1: ["hash_sha1", "SHA-1 file hash (40 hex characters)."],
  HASH_SHA256: ["hash_sha256", "SHA-256 file hash (64 hex characters)."],
  HOSTNAME: ["hostname", "Host name of a machine."],
});
export type IocType = (typeof IocType)[keyof typeof IocType];

/** One indicator as a DataLoader key: its type and canonical value. */
export function iocKey(type: IocType | string, value: string): string {
  return `${type}\u0000${value}`;
}

export function splitIocKey(key: string): [IocType, string] {
  const at = key.indexOf("\u0000");
  return [key.slice(0, at) as IocType, key.slice(at + 1)];
}

/** The GraphQL name of a stored IOC type ("ip" is IP). */
export function iocTypeName(value: IocType): string {
  return Object.keys(IocType).find((name) => IocType[name as keyof typeof IocType] === value) ?? value;
}

/** The kind of indicator an argument list asks for, by `iocType` or by its deprecated name `type` (both given, they must agree). */
export function iocTypeArg(args: { iocType?: IocType; type?: IocType }): IocType | undefined {
  if (args.iocType && args.type && args.iocType !== args.type) {
    throw badInput(`iocType ${iocTypeName(args.iocType)} and type ${iocTypeName(args.type)} disagree: give iocType only`, "iocType");
  }
  return args.iocType ?? args.type;
}
