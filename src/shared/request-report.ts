// What a request's handlers tell about it, for its log line and its metrics: the GraphQL operation, the
// error codes of its answer, and who called.
import type { Caller } from "../modules/auth/caller";

export interface RequestReport {
  operationName?: string | null;
  operationType?: string;
  errorCodes?: string[];
  caller?: Caller;
}
