// Who sees a restricted hunt: its owner, its members and admins. Only the owner or an admin changes that.
import type { DataSource } from "typeorm";
import { groupByKey } from "../../shared/batch";
import { notFound, sqlState } from "../../shared/errors";
import { type Caller, forbidden } from "../auth/caller";
import type { UserService } from "../auth/user.service";
import { toUser, type User, USER_COLUMNS, type UserRow } from "../auth/user.type";
import type { Hunt } from "./hunt.entity";
import type { HuntService } from "./hunt.service";

/** FORBIDDEN unless the caller is the hunt's owner or an admin. */
export function assertManages(caller: Caller, hunt: Hunt): void {
  if (caller.role === "admin" || (caller.kind === "user" && hunt.ownerId === caller.id)) return;
  throw forbidden(`only the owner of hunt ${hunt.id} or an admin may change who sees it`);
}

export class HuntMemberService {
  constructor(
    private readonly db: DataSource,
    private readonly hunts: HuntService,
    private readonly users: UserService,
  ) {}

  /** The members of each hunt, by user name. */
  async ofHunts(huntIds: readonly string[]): Promise<User[][]> {
    const rows: (UserRow & { hunt_id: string })[] = await this.db.query(
      `SELECT m.hunt_id, u.* FROM hunt_members m JOIN LATERAL (SELECT ${USER_COLUMNS} FROM users WHERE id = m.user_id) AS u ON true
       WHERE m.hunt_id = ANY($1) ORDER BY u.username`,
      [[...huntIds]],
    );
    return groupByKey(huntIds, rows, (row) => row.hunt_id).map((members) => members.map(toUser));
  }

  async setRestricted(caller: Caller, huntId: string, restricted: boolean): Promise<Hunt> {
    assertManages(caller, await this.hunts.get(huntId));
    await this.db.query(`UPDATE hunts SET restricted = $2, updated_at = now() WHERE id = $1`, [huntId, restricted]);
    return this.hunts.get(huntId);
  }

  async add(caller: Caller, huntId: string, username: string): Promise<Hunt> {
    assertManages(caller, await this.hunts.get(huntId));
    const user = await this.users.get(username);
    try {
      await this.db.query(`INSERT INTO hunt_members (hunt_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [huntId, user.id]);
    } catch (error) {
      // the hunt was deleted meanwhile
      if (sqlState(error) === "23503") throw notFound("hunt", huntId);
      throw error;
    }
    return this.hunts.get(huntId);
  }

  async remove(caller: Caller, huntId: string, username: string): Promise<Hunt> {
    assertManages(caller, await this.hunts.get(huntId));
    const user = await this.users.get(username);
    const [, removed] = await this.db.query(`DELETE FROM hunt_members WHERE hunt_id = $1 AND user_id = $2`, [huntId, user.id]);
    if (removed === 0) throw notFound(`member of hunt ${huntId}`, username, "username");
    return this.hunts.get(huntId);
  }
}
