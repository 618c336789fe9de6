// ThreatHunt's tokens: HS256 JWTs signed with its JWT_SECRET, claims `sub` (the user's id), `role`, `type`
// (access or refresh) and `exp`. Tokens made here are accepted by ThreatHunt, and the other way round.
import jwt from "jsonwebtoken";
import { unauthenticated } from "./caller";
import { isRole, type Role } from "./role";

export interface TokenSettings {
  secret: string;
  accessMinutes: number;
  refreshDays: number;
}

export type TokenType = "access" | "refresh";

export interface TokenClaims {
  sub: string;
  role: Role;
  type: TokenType;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export function issueTokens(settings: TokenSettings, user: { id: string; role: Role }): TokenPair {
  const sign = (type: TokenType, seconds: number) =>
    jwt.sign({ sub: user.id, role: user.role, type }, settings.secret, { algorithm: "HS256", expiresIn: seconds });
  const expiresIn = settings.accessMinutes * 60;
  return { accessToken: sign("access", expiresIn), refreshToken: sign("refresh", settings.refreshDays * 86_400), expiresIn };
}

/** The claims of a valid token of `type`; UNAUTHENTICATED saying why otherwise. */
export function verifyToken(settings: TokenSettings, token: string, type: TokenType): TokenClaims {
  let claims: unknown;
  try {
    claims = jwt.verify(token, settings.secret, { algorithms: ["HS256"] });
  } catch (error) {
    const why = error instanceof jwt.TokenExpiredError ? "it has expired" : "it is not a valid token signed with this server's JWT_SECRET";
    throw unauthenticated(`The bearer token was refused: ${why}`);
  }
  const { sub, role, type: actual, exp } = (claims ?? {}) as Record<string, unknown>;
  if (typeof sub !== "string" || !isRole(role) || (actual !== "access" && actual !== "refresh") || typeof exp !== "number") {
    throw unauthenticated("The bearer token was refused: it lacks ThreatHunt's claims (sub, role, type, exp)");
  }
  if (actual !== type) throw unauthenticated(`The bearer token was refused: it is a ${actual} token, where ${type} is needed`);
  return { sub, role, type: actual };
}
