// When matches are computed: for values that have just become shared (at import and reindex, against
// every list and rule), and for every shared value when a list is loaded or a rule added.
import * as sql from "./matching.sql";

/** A transaction's runner or manager: anything that runs SQL. */
interface Queryable {
  query(query: string, parameters?: unknown[]): Promise<unknown>;
}

const NEW_VALUES = { lists: sql.listMatchStatements("unmatched"), rules: sql.ruleMatchStatements("unmatched") };
const ALL_VALUES = { lists: sql.listMatchStatements("all"), rules: sql.ruleMatchStatements("all") };

async function run(db: Queryable, statements: readonly string[], source: number | string | null): Promise<void> {
  for (const statement of statements) await db.query(statement, [source]);
}

/** Matches the shared values not matched yet against every warninglist and exclusion rule. */
export async function matchNewValues(db: Queryable): Promise<void> {
  await run(db, NEW_VALUES.lists, null);
  await run(db, NEW_VALUES.rules, null);
  await db.query(sql.MARK_MATCHED);
}

/** (Re)computes which shared values the list matches. */
export async function matchList(db: Queryable, listId: number): Promise<void> {
  await db.query(sql.FORGET_LIST_MATCHES, [listId]);
  await run(db, ALL_VALUES.lists, listId);
}

/** Computes which shared values a new rule matches. */
export async function matchRule(db: Queryable, ruleId: string): Promise<void> {
  await run(db, ALL_VALUES.rules, ruleId);
}
