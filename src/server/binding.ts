// Where the server may listen: with authentication off, only on this machine's loopback addresses.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { ConfigError } from "../config";

async function addressesOf(host: string): Promise<string[]> {
  if (ipaddr.isValid(host)) return [host];
  try {
    return (await lookup(host, { all: true })).map((found) => found.address);
  } catch {
    return [];
  }
}

function isLoopbackAddress(address: string): boolean {
  const parsed = ipaddr.process(address);
  return parsed.range() === "loopback";
}

/** Whether every address `host` names is a loopback address (a name that resolves to none is not). */
export async function isLoopback(host: string): Promise<boolean> {
  const addresses = await addressesOf(host);
  return addresses.length > 0 && addresses.every(isLoopbackAddress);
}

/** Refuses to listen beyond this machine without authentication. */
export async function assertSafeBinding(host: string, authenticated: boolean): Promise<void> {
  if (authenticated || (await isLoopback(host))) return;
  throw new ConfigError(
    `refusing to listen on ${host} without authentication: anyone who can reach it could read every hunt and delete everything. ` +
      "Set JWT_SECRET (the secret ThreatHunt signs its tokens with) to turn authentication on, or listen on 127.0.0.1 (HOST)",
  );
}
