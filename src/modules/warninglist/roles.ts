// The role a warninglist plays unless an operator changes it (README "Warninglists"). Most lists are of
// well-known, benign or infrastructure values: NOISE. Lists of things an attacker uses or that point at
// malicious activity are CONTEXT: a value on them is more interesting, not less.
import { WarninglistRole } from "./warninglist.entity";

/** List names (MISP's folder names) or fragments of them that mark a CONTEXT list. */
const CONTEXT_NAMES = [
  "sinkhole",
  "dynamic-dns",
  "url-shortener",
  "vpn-",
  "disposable-email",
  "parking-domain",
  "automated-malware-analysis",
  "whats-my-ip",
  "findip-host",
  "tor-",
];

export function defaultRole(name: string): WarninglistRole {
  return CONTEXT_NAMES.some((fragment) => name.includes(fragment)) ? WarninglistRole.CONTEXT : WarninglistRole.NOISE;
}
