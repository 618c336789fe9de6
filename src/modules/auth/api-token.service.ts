// API tokens: made, listed and revoked by admins and operators; checked on every request that sends one.
import { createHash, randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { badInput, conflict, notFound, sqlState } from "../../shared/errors";
import { newId } from "../../shared/id";
import { API_TOKEN_COLUMNS, type ApiToken, type ApiTokenRow, type CreatedApiToken, toApiToken } from "./api-token.type";
import { unauthenticated } from "./caller";
import { isRole, type Role } from "./role";

/** What every API token's secret starts with: it tells it apart from a JWT, and secret scanners can find it. */
export const API_TOKEN_PREFIX = "hgt_";

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._:@-]{0,127}$/;

export interface NewApiToken {
  name: string;
  role: Role;
  expiresAt?: Date | null;
  createdBy: string | null;
}

const digest = (secret: string) => createHash("sha256").update(secret).digest("hex");

export class ApiTokenService {
  constructor(private readonly db: DataSource) {}

  async create(input: NewApiToken): Promise<CreatedApiToken> {
    const name = input.name.trim();
    if (!NAME.test(name)) throw badInput(`name must be 1 to 128 letters, digits, spaces or . _ : @ -, got '${input.name}'`, "name");
    if (!isRole(input.role)) throw badInput(`role must be viewer, analyst or admin, got '${input.role}'`, "role");
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw badInput("expiresAt must be in the future", "expiresAt");
    const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
    try {
      const [row] = await this.db.query(
        `INSERT INTO api_tokens (id, name, token_hash, role, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${API_TOKEN_COLUMNS}`,
        [newId(), name, digest(secret), input.role, input.createdBy, input.expiresAt ?? null],
      );
      return { secret, token: toApiToken(row) };
    } catch (error) {
      if (sqlState(error) === "23505") throw conflict(`a live token named '${name}' already exists: revoke it first, or pick another name`);
      throw error;
    }
  }

  async list(): Promise<ApiToken[]> {
    const rows: ApiTokenRow[] = await this.db.query(
      `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, name, created_at`,
    );
    return rows.map(toApiToken);
  }

  /** Revokes the live token of this name (or id): it is refused from the next request on. */
  async revoke(nameOrId: string): Promise<ApiToken> {
    const [rows] = await this.db.query(
      `UPDATE api_tokens SET revoked_at = now() WHERE (name = $1 OR id = $1) AND revoked_at IS NULL RETURNING ${API_TOKEN_COLUMNS}`,
      [nameOrId.trim()],
    );
    if (!rows?.[0]) throw notFound("live API token", nameOrId, "name or id");
    return toApiToken(rows[0]);
  }

  /**
   * The token of this secret, if it is live; UNAUTHENTICATED otherwise. `firstUseThisMinute` tells whether
   * this use moved its last-used time (once a minute at most), which the audit records.
   */
  async authenticate(secret: string): Promise<{ token: ApiToken; firstUseThisMinute: boolean }> {
    const [row]: (ApiTokenRow & { moved: boolean })[] = await this.db.query(
      `WITH used AS (
         UPDATE api_tokens SET last_used_at = now()
         WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
           AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
         RETURNING id)
       SELECT ${API_TOKEN_COLUMNS}, EXISTS (SELECT 1 FROM used) AS moved FROM api_tokens WHERE token_hash = $1`,
      [digest(secret)],
    );
    if (!row) throw unauthenticated("The bearer token was refused: no API token has this secret");
    if (row.revoked_at) throw unauthenticated(`The bearer token was refused: API token '${row.name}' was revoked`);
    if (row.expires_at && row.expires_at.getTime() <= Date.now()) {
      throw unauthenticated(`The bearer token was refused: API token '${row.name}' expired at ${row.expires_at.toISOString()}`);
    }
    return { token: toApiToken(row), firstUseThisMinute: row.moved };
  }
}
