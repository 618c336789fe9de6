// Credentials as ThreatHunt makes them, made here without huntgraph's code: HS256 JWTs signed with node's
// own HMAC, and bcrypt hashes from libxcrypt (the C library behind Python's crypt module).
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import type { TokenSettings } from "../../src/modules/auth/jwt";

export const SECRET = "threathunt-test-secret-0123456789abcdef";
export const TOKENS: TokenSettings = { secret: SECRET, accessMinutes: 30, refreshDays: 7 };

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token as ThreatHunt's python-jose code signs it: header, claims, HMAC-SHA256 of both. */
export function threatHuntToken(claims: Record<string, unknown>, secret = SECRET): string {
  const unsigned = `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

export function accessClaims(userId: string, role: string, minutesLeft = 30): Record<string, unknown> {
  return { sub: userId, role, type: "access", exp: Math.floor(Date.now() / 1000) + minutesLeft * 60 };
}

/** The claims of a JWT, read without checking it. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

/**
 * A bcrypt hash of "correct horse battery", 12 rounds, as passlib stores it ($2b$): made once with
 * `python3 -c 'import crypt; print(crypt.crypt("correct horse battery", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=4096)))'`.
 */
export const LIBXCRYPT_HASH = "$2b$12$aayMmFDVXFfdQItw4U4.C.iqUYrP/b1HDDTDJP1elQDFeIctflsM2";
export const LIBXCRYPT_PASSWORD = "correct horse battery";

/** Whether libxcrypt (Python's crypt module) says `password` matches `hash`: bcrypt as passlib checks it. */
export function libxcryptVerifies(password: string, hash: string): boolean {
  const script = "import crypt, sys; print(crypt.crypt(sys.argv[1], sys.argv[2]) == sys.argv[2])";
  return execFileSync("python3", ["-W", "ignore", "-c", script, password, hash], { encoding: "utf8" }).trim() === "True";
}

export interface HttpAnswer {
  status: number;
  body: any;
}

export async function graphql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<HttpAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}
