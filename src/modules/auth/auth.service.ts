// Who a request is from, by its Authorization header: ThreatHunt's JWTs (for users) and huntgraph's API
// tokens, both as "Bearer <token>"; and signing in, as ThreatHunt does. With authentication off (no
// JWT_SECRET) every caller is the open one.
import { badInput } from "../../shared/errors";
import type { AuditLog } from "../audit/audit.service";
import { API_TOKEN_PREFIX, type ApiTokenService } from "./api-token.service";
import { anonymous, type Caller, openCaller, unauthenticated } from "./caller";
import { issueTokens, type TokenPair, type TokenSettings, verifyToken } from "./jwt";
import { LoginLimiter } from "./login-limiter";
import { isRole } from "./role";
import type { UserService } from "./user.service";
import type { User } from "./user.type";

const AUTH_OFF = "authentication is off on this server (JWT_SECRET is not set): there is nothing to sign in to";

export class AuthService {
  private readonly limiter = new LoginLimiter();

  constructor(
    /** null: authentication is off. */
    readonly settings: TokenSettings | null,
    private readonly users: UserService,
    private readonly tokens: ApiTokenService,
    private readonly audit: AuditLog,
  ) {}

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** The caller of a request; UNAUTHENTICATED for credentials that are sent but not valid. */
  async authenticate(authorization: string | undefined, address?: string): Promise<Caller> {
    if (!this.settings) return openCaller(address);
    if (authorization === undefined || authorization.trim() === "") return anonymous(address);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const { token: apiToken, firstUseThisMinute } = await this.tokens.authenticate(token);
      const caller: Caller = { kind: "token", role: apiToken.role, id: apiToken.id, name: apiToken.name, address };
      if (firstUseThisMinute) this.audit.record(caller, { action: "token.use", target: `API token ${apiToken.name}`, outcome: "ok" });
      return caller;
    }
    return this.userCaller(verifyToken(this.settings, token, "access").sub, address);
  }

  /** The caller a user's token stands for: the user must still exist and be active, with the role the table gives now. */
  private async userCaller(userId: string, address?: string): Promise<Caller> {
    const user = await this.activeUser(userId);
    return { kind: "user", role: user.role, id: user.id, name: user.username, address };
  }

  private async activeUser(userId: string): Promise<User> {
    const user = await this.users.byId(userId);
    if (!user) throw unauthenticated("The bearer token was refused: its user no longer exists");
    if (!user.active) throw unauthenticated(`The bearer token was refused: user '${user.username}' is disabled`);
    if (!isRole(user.role))
      throw unauthenticated(`The bearer token was refused: user '${user.username}' has a role huntgraph does not know`);
    return user;
  }

  /** ThreatHunt's sign-in: a user name and password for an access and a refresh token. */
  async login(username: string, password: string, address = "unknown"): Promise<TokenPair & { user: User }> {
    if (!this.settings) throw badInput(AUTH_OFF);
    const name = username.trim();
    await this.limiter.check(name, address);
    const user = await this.users.signIn(name, password);
    if (!user) {
      await this.limiter.failed(name, address);
      throw unauthenticated("Wrong user name or password, or the user is disabled");
    }
    await this.limiter.succeeded(name);
    return { ...issueTokens(this.settings, user), user };
  }

  /** A new pair of tokens for a valid refresh token of a user who is still active. */
  async refresh(refreshToken: string): Promise<TokenPair & { user: User }> {
    if (!this.settings) throw badInput(AUTH_OFF);
    const user = await this.activeUser(verifyToken(this.settings, refreshToken, "refresh").sub);
    return { ...issueTokens(this.settings, user), user };
  }
}
