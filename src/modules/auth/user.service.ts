// Users: created, changed and listed by admins (GraphQL) and operators (`huntgraph users`), and checked at
// sign-in. Rows are ThreatHunt's, so ThreatHunt signs in the users made here.
import type { DataSource } from "typeorm";
import { badInput, conflict, notFound, sqlState } from "../../shared/errors";
import { newId } from "../../shared/id";
import { hashPassword, verifyPassword } from "./passwords";
import { isRole, type Role } from "./role";
import { toUser, type User, USER_COLUMNS, type UserRow } from "./user.type";

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  email?: string | null;
}

export interface UserChanges {
  role?: Role;
  active?: boolean;
  email?: string | null;
}

function checkUsername(username: string): string {
  const name = username.trim();
  if (!USERNAME.test(name)) {
    throw badInput(`username must be 1 to 64 letters, digits or . _ @ - (starting with a letter or digit), got '${username}'`, "username");
  }
  return name;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw badInput(`role must be viewer, analyst or admin, got '${role}'`, "role");
  return role;
}

export class UserService {
  constructor(private readonly db: DataSource) {}

  private async row(where: "id" | "username", value: string): Promise<UserRow | undefined> {
    const [row] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE ${where} = $1`, [value]);
    return row;
  }

  async byId(id: string): Promise<User | null> {
    const row = await this.row("id", id);
    return row ? toUser(row) : null;
  }

  async get(username: string): Promise<User> {
    const row = await this.row("username", username.trim());
    if (!row) throw notFound("user", username, "username");
    return toUser(row);
  }

  async list(): Promise<User[]> {
    const rows: UserRow[] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY username, id`);
    return rows.map(toUser);
  }

  async create(input: NewUser): Promise<User> {
    const username = checkUsername(input.username);
    const role = checkRole(input.role);
    const hash = await hashPassword(input.password);
    try {
      const [row] = await this.db.query(
        `INSERT INTO users (id, username, email, hashed_password, role, is_active) VALUES ($1, $2, $3, $4, $5, true) RETURNING ${USER_COLUMNS}`,
        [newId(), username, input.email?.trim() || null, hash, role],
      );
      return toUser(row);
    } catch (error) {
      if (sqlState(error) === "23505") throw conflict(`a user named '${username}' already exists`);
      throw error;
    }
  }

  async setPassword(username: string, password: string): Promise<User> {
    const hash = await hashPassword(password);
    return this.updateRow(username, "hashed_password = $2", [hash]);
  }

  async update(username: string, changes: UserChanges): Promise<User> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length + 1}`);
    };
    if (changes.role !== undefined) set("role", checkRole(changes.role));
    if (changes.active !== undefined) set("is_active", changes.active);
    if (changes.email !== undefined) set("email", changes.email?.trim() || null);
    if (sets.length === 0) return this.get(username);
    return this.updateRow(username, sets.join(", "), values);
  }

  private async updateRow(username: string, sets: string, values: unknown[]): Promise<User> {
    const [rows] = await this.db.query(`UPDATE users SET ${sets} WHERE username = $1 RETURNING ${USER_COLUMNS}`, [
      username.trim(),
      ...values,
    ]);
    if (!rows?.[0]) throw notFound("user", username, "username");
    return toUser(rows[0]);
  }

  /** The active user these credentials are of; null for a wrong name or password (which are not told apart). */
  async signIn(username: string, password: string): Promise<User | null> {
    const row = await this.row("username", username.trim());
    const matches = await verifyPassword(password, row?.hashed_password ?? null);
    return matches && row?.is_active && isRole(row.role) ? toUser(row) : null;
  }
}
