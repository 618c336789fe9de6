// A TypeORM logger that records every SQL statement, to prove how many queries a request makes.
import type { Logger } from "typeorm";

export class QueryCounter implements Logger {
  readonly queries: string[] = [];

  logQuery(query: string): void {
    // Transaction bookkeeping is not a data query.
    if (!/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(query)) this.queries.push(query);
  }

  /** Counts the statements `action` runs. */
  async count(action: () => Promise<unknown>): Promise<number> {
    const before = this.queries.length;
    await action();
    return this.queries.length - before;
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
