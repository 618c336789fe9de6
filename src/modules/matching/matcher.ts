// When matches are computed: for values that have just become shared (at import and reindex, against
// every list and rule), and for every shared value when a list is loaded or a rule added.
import * as sql from "./matching.sql";

/** A transaction's runner or manager: anything that runs SQL. */
interface Queryable {
  query(query: string, parameters?: unknown[]): Promise<unknown>;
}

const NEW_VALUES = { lists: sql.listMatchStatements("unmatched").map((s) => s.sql), rules: sql.ruleMatchStatements("unmatched") };
const ALL_VALUES = { lists: sql.listMatchStatements("all", sql.FRESH_LIST_MATCHES), rules: sql.ruleMatchStatements("all") };

async function run(db: Queryable, statements: readonly string[], source: number | string | null): Promise<void> {
  for (const statement of statements) await db.query(statement, [source]);
}

/** Matches the shared values not matched yet against every warninglist and exclusion rule. */
export async function matchNewValues(db: Queryable): Promise<void> {
  await run(db, NEW_VALUES.lists, null);
  await run(db, NEW_VALUES.rules, null);
  await db.query(sql.MARK_MATCHED);
}

/** (Re)computes which shared values the list matches, writing only what changed. */
export async function matchList(db: Queryable, listId: number): Promise<void> {
  const [{ list_type: listType }] = (await db.query(sql.LIST_TYPE, [listId])) as { list_type: string }[];
  for (const statement of sql.PREPARE_FRESH_LIST_MATCHES) await db.query(statement);
  const statements = ALL_VALUES.lists.filter((s) => s.listTypes.includes(listType)).map((s) => s.sql);
  await run(db, statements, listId);
  await run(db, sql.APPLY_FRESH_LIST_MATCHES, listId);
}

/** Computes which shared values a new rule matches. */
export async function matchRule(db: Queryable, ruleId: string): Promise<void> {
  await run(db, ALL_VALUES.rules, ruleId);
}
