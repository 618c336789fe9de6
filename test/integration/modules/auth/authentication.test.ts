// Authentication against the real HTTP server: ThreatHunt's tokens and users work unchanged, sign-in is
// ThreatHunt's and limited, API tokens work and can be revoked, and the server refuses to listen beyond
// loopback without JWT_SECRET. ThreatHunt's credentials are made in test/support/auth.ts without huntgraph's code.
import { createHmac } from "node:crypto";
import type { Database } from "../../../../src/database/data-source";
import { type RunningServer, startServer } from "../../../../src/server/app";
import {
  accessClaims,
  claimsOf,
  graphql,
  LIBXCRYPT_HASH,
  LIBXCRYPT_PASSWORD,
  libxcryptVerifies,
  SECRET,
  threatHuntToken,
  TOKENS,
} from "../../../support/auth";
import { openTestDatabase } from "../../../support/database";

const ME = `{ me { kind name role user { username role active } } }`;
const LOGIN = `mutation ($username: String!, $password: String!) {
  login(username: $username, password: $password) { accessToken refreshToken tokenType expiresIn user { id username role } } }`;
const REFRESH = `mutation ($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken user { username } } }`;

const THREATHUNT_USER_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

let database: Database;
let server: RunningServer;

beforeAll(async () => {
  database = await openTestDatabase();
  // a user as ThreatHunt writes one: its own id, passlib's bcrypt hash, its role
  await database.dataSource.query(
    `INSERT INTO users (id, username, email, hashed_password, role, is_active) VALUES ($1, 'tess', 'tess@soc.example', $2, 'analyst', true)`,
    [THREATHUNT_USER_ID, LIBXCRYPT_HASH],
  );
  server = await startServer(database, { host: "127.0.0.1", port: 0, tokens: TOKENS });
});
afterAll(() => server.stop());

function codesOf(answer: { body: any }): string[] {
  return (answer.body.errors ?? []).map((error: any) => error.extensions?.code);
}

describe("ThreatHunt's access tokens", () => {
  it("accepts one signed by ThreatHunt with the same JWT_SECRET, for a user who is still active", async () => {
    const token = threatHuntToken(accessClaims(THREATHUNT_USER_ID, "analyst"));
    const answer = await graphql(server.url, ME, {}, token);
    expect(answer).toEqual({
      status: 200,
      body: { data: { me: { kind: "user", name: "tess", role: "ANALYST", user: { username: "tess", role: "ANALYST", active: true } } } },
    });
  });

  it.each([
    ["expired", threatHuntToken(accessClaims(THREATHUNT_USER_ID, "analyst", -1)), "it has expired"],
    ["signed with another secret", threatHuntToken(accessClaims(THREATHUNT_USER_ID, "analyst"), `${SECRET}x`), "not a valid token"],
    ["a refresh token", threatHuntToken({ ...accessClaims(THREATHUNT_USER_ID, "analyst"), type: "refresh" }), "it is a refresh token"],
    ["without exp", threatHuntToken({ sub: THREATHUNT_USER_ID, role: "analyst", type: "access" }), "lacks ThreatHunt's claims"],
    ["of a user that does not exist", threatHuntToken(accessClaims("f".repeat(32), "admin")), "its user no longer exists"],
  ])("refuses one %s with 401 UNAUTHENTICATED, saying why", async (_what, token, why) => {
    const answer = await graphql(server.url, ME, {}, token);
    expect(answer.status).toBe(401);
    expect(codesOf(answer)).toEqual(["UNAUTHENTICATED"]);
    expect(answer.body.errors[0].message).toContain(why);
  });

  it("refuses an Authorization header that is not a bearer token", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Basic dGVzczp4" },
      body: JSON.stringify({ query: ME }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="huntgraph"');
  });

  it("takes the role from the users table, not from the token: a demoted user loses its rights at once", async () => {
    const token = threatHuntToken(accessClaims(THREATHUNT_USER_ID, "admin"));
    expect((await graphql(server.url, ME, {}, token)).body.data.me.role).toBe("ANALYST");
  });

  it("refuses the tokens of a disabled user at once", async () => {
    await database.dataSource.query(`UPDATE users SET is_active = false WHERE id = $1`, [THREATHUNT_USER_ID]);
    try {
      const answer = await graphql(server.url, ME, {}, threatHuntToken(accessClaims(THREATHUNT_USER_ID, "analyst")));
      expect(answer.status).toBe(401);
      expect(answer.body.errors[0].message).toBe("The bearer token was refused: user 'tess' is disabled");
    } finally {
      await database.dataSource.query(`UPDATE users SET is_active = true WHERE id = $1`, [THREATHUNT_USER_ID]);
    }
  });

  it("answers an anonymous caller's query with UNAUTHENTICATED naming the role needed, and runs none of it", async () => {
    const answer = await graphql(
      server.url,
      `
        {
          hunts {
            totalCount
          }
        }
      `,
    );
    expect(answer.status).toBe(401);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: 'hunts needs a signed-in caller with the viewer role: send "Authorization: Bearer <token>" (see login)',
        extensions: expect.objectContaining({ code: "UNAUTHENTICATED", needs: "viewer" }),
      }),
    ]);
    expect(answer.body.data).toBeUndefined();
  });
});

describe("signing in", () => {
  it("checks a password against ThreatHunt's bcrypt hash and issues tokens in ThreatHunt's format and lifetimes", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { body } = await graphql(server.url, LOGIN, { username: "tess", password: LIBXCRYPT_PASSWORD });
    const { accessToken, refreshToken, tokenType, expiresIn, user } = body.data.login;
    expect({ tokenType, expiresIn, user }).toEqual({
      tokenType: "bearer",
      expiresIn: 1800,
      user: { id: THREATHUNT_USER_ID, username: "tess", role: "ANALYST" },
    });
    const access = claimsOf(accessToken);
    expect(access).toMatchObject({ sub: THREATHUNT_USER_ID, role: "analyst", type: "access" });
    expect(access.exp as number).toBeGreaterThanOrEqual(before + 1800);
    expect(access.exp as number).toBeLessThanOrEqual(before + 1802);
    expect(claimsOf(refreshToken)).toMatchObject({ sub: THREATHUNT_USER_ID, type: "refresh" });
    expect((claimsOf(refreshToken).exp as number) - before).toBeGreaterThanOrEqual(7 * 86_400);
    // HS256 with JWT_SECRET, as ThreatHunt checks it: node's own HMAC over the first two parts
    const [header, payload, signature] = accessToken.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url")).toBe(signature);
    expect((await graphql(server.url, ME, {}, accessToken)).body.data.me.name).toBe("tess");
  });

  it("refreshes a pair with the refresh token, and refuses an access token in its place", async () => {
    const { body } = await graphql(server.url, LOGIN, { username: "tess", password: LIBXCRYPT_PASSWORD });
    const refreshed = await graphql(server.url, REFRESH, { token: body.data.login.refreshToken });
    expect(refreshed.body.data.refreshToken.user).toEqual({ username: "tess" });
    expect((await graphql(server.url, ME, {}, refreshed.body.data.refreshToken.accessToken)).body.data.me.name).toBe("tess");
    const wrong = await graphql(server.url, REFRESH, { token: body.data.login.accessToken });
    expect(wrong.body.errors[0]).toMatchObject({
      message: "The bearer token was refused: it is a access token, where refresh is needed",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  it("does not tell a wrong password from an unknown user", async () => {
    const wrong = await graphql(server.url, LOGIN, { username: "tess", password: "not the password" });
    const unknown = await graphql(server.url, LOGIN, { username: "nobody", password: "not the password" });
    expect(wrong.body.errors[0].message).toBe("Wrong user name or password, or the user is disabled");
    expect(unknown.body.errors[0].message).toBe(wrong.body.errors[0].message);
  });

  it("refuses a user name after 5 failures in a row, even with the right password, and names when to try again", async () => {
    await database.dataSource.query(
      `INSERT INTO users (id, username, hashed_password, role, is_active) VALUES ('${"e".repeat(32)}', 'limited', $1, 'viewer', true)`,
      [LIBXCRYPT_HASH],
    );
    for (let i = 0; i < 5; i++) {
      expect(codesOf(await graphql(server.url, LOGIN, { username: "limited", password: `wrong ${i} password` }))).toEqual([
        "UNAUTHENTICATED",
      ]);
    }
    const refused = await graphql(server.url, LOGIN, { username: "limited", password: LIBXCRYPT_PASSWORD });
    // refused for the 15 minutes from the fifth failure, a moment ago
    const { message, extensions } = refused.body.errors[0];
    expect(extensions.code).toBe("TOO_MANY_REQUESTS");
    expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(895);
    expect(extensions.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(message).toBe(`Too many failed sign-ins for user 'limited': try again in ${extensions.retryAfterSeconds} s`);
    // another user signs in from the same address
    expect((await graphql(server.url, LOGIN, { username: "tess", password: LIBXCRYPT_PASSWORD })).body.data.login.user.username).toBe(
      "tess",
    );
  });

  it("records sign-ins in the audit trail with the password redacted", async () => {
    await server.services.audit.flush();
    const rows = await database.dataSource.query(
      `SELECT actor_kind, action, outcome, error_code, details FROM audit_events WHERE action = 'mutation.login' ORDER BY id LIMIT 2`,
    );
    expect(rows).toEqual([
      {
        actor_kind: "anonymous",
        action: "mutation.login",
        outcome: "ok",
        error_code: null,
        details: { username: "tess", password: "[redacted]" },
      },
      expect.objectContaining({ outcome: "ok" }),
    ]);
  });
});

describe("users made by huntgraph", () => {
  it("have bcrypt hashes that ThreatHunt's passlib accepts (checked with libxcrypt), and sign in here", async () => {
    const user = await server.services.users.create({ username: "newcomer", password: "a long passphrase", role: "viewer" });
    const [{ hashed_password }] = await database.dataSource.query(`SELECT hashed_password FROM users WHERE id = $1`, [user.id]);
    expect(hashed_password).toMatch(/^\$2b\$12\$/);
    expect(libxcryptVerifies("a long passphrase", hashed_password)).toBe(true);
    expect(libxcryptVerifies("a wrong passphrase", hashed_password)).toBe(false);
    expect(user.id).toMatch(/^[0-9a-f]{32}$/);
    const { body } = await graphql(server.url, LOGIN, { username: "newcomer", password: "a long passphrase" });
    expect(body.data.login.user.role).toBe("VIEWER");
  });
});

describe("API tokens", () => {
  let admin: string;

  beforeAll(async () => {
    await server.services.users.create({ username: "root", password: "an admin passphrase", role: "admin" });
    admin = (await graphql(server.url, LOGIN, { username: "root", password: "an admin passphrase" })).body.data.login.accessToken;
  });

  it("are shown once, work as bearer tokens with their role, record their last use, and stop working when revoked", async () => {
    const made = await graphql(
      server.url,
      `
        mutation {
          createApiToken(input: { name: "nightly import", role: ANALYST }) {
            secret
            token {
              id
              name
              role
              createdBy
              lastUsedAt
            }
          }
        }
      `,
      {},
      admin,
    );
    const { secret, token } = made.body.data.createApiToken;
    expect(secret).toMatch(/^hgt_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: "nightly import", role: "ANALYST", createdBy: "root", lastUsedAt: null });
    const [{ token_hash }] = await database.dataSource.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [token.id]);
    expect(token_hash).not.toContain(secret.slice(4));

    expect((await graphql(server.url, ME, {}, secret)).body.data.me).toEqual({
      kind: "token",
      name: "nightly import",
      role: "ANALYST",
      user: null,
    });
    const hunt = await graphql(
      server.url,
      `
        mutation {
          createHunt(input: { name: "By token" }) {
            hunt {
              id
              ownerId
            }
          }
        }
      `,
      {},
      secret,
    );
    expect(hunt.body.data.createHunt.hunt.ownerId).toBeNull();
    // the upload route takes it too
    const upload = await fetch(`${server.url}/hunts/${hunt.body.data.createHunt.hunt.id}/datasets?filename=a.csv`, {
      method: "POST",
      headers: { "content-type": "text/csv", authorization: `Bearer ${secret}` },
      body: "Hostname,Dst IP\nWS-1,203.0.113.9\n",
    });
    expect(upload.status).toBe(201);

    const listed = await graphql(
      server.url,
      `
        {
          apiTokens {
            name
            lastUsedAt
            revokedAt
          }
        }
      `,
      {},
      admin,
    );
    expect(listed.body.data.apiTokens).toEqual([{ name: "nightly import", lastUsedAt: expect.any(String), revokedAt: null }]);
    await graphql(
      server.url,
      `
        mutation {
          revokeApiToken(name: "nightly import") {
            apiToken {
              revokedAt
            }
          }
        }
      `,
      {},
      admin,
    );
    const refused = await graphql(server.url, ME, {}, secret);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toBe("The bearer token was refused: API token 'nightly import' was revoked");
  });

  it("refuse an unknown secret, and an expired token", async () => {
    expect((await graphql(server.url, ME, {}, `hgt_${"A".repeat(43)}`)).body.errors[0].message).toBe(
      "The bearer token was refused: no API token has this secret",
    );
    const { secret } = await server.services.apiTokens.create({
      name: "short-lived",
      role: "viewer",
      createdBy: "test",
      expiresAt: new Date(Date.now() + 300),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await graphql(server.url, ME, {}, secret)).body.errors[0].message).toMatch(
      /^The bearer token was refused: API token 'short-lived' expired at /,
    );
  });
});

describe("where the server listens", () => {
  it("refuses an address beyond loopback without JWT_SECRET, saying how to turn authentication on", async () => {
    for (const host of ["0.0.0.0", "::"]) {
      await expect(startServer(database, { host, port: 0 })).rejects.toThrow(
        `refusing to listen on ${host} without authentication: anyone who can reach it could read every hunt and delete everything. ` +
          "Set JWT_SECRET (the secret ThreatHunt signs its tokens with) to turn authentication on, or listen on 127.0.0.1 (HOST)",
      );
    }
  });

  it("listens on every address with JWT_SECRET set, and answers an anonymous caller 401", async () => {
    const open = await openTestDatabase();
    const wide = await startServer(open, { host: "0.0.0.0", port: 0, tokens: TOKENS });
    try {
      const port = new URL(wide.url).port;
      expect(
        (
          await graphql(
            `http://127.0.0.1:${port}`,
            `
              {
                hunts {
                  totalCount
                }
              }
            `,
          )
        ).status,
      ).toBe(401);
    } finally {
      await wide.stop();
    }
  });
});
