// How errors reach GraphQL clients: known codes as they are, validation as one sentence per broken rule,
// and everything else masked (and logged with its stack).
import type { ValidationError } from "class-validator";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { DATABASE_UNAVAILABLE_MESSAGE, isUnavailable, reportUnavailable } from "../database/availability";
import { ErrorCode, sqlState } from "../shared/errors";
import { logger } from "../shared/logger";

/** class-validator nests errors of nested inputs; a person wants one sentence per broken rule. */
function validationMessages(errors: ValidationError[], prefix = ""): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => (prefix ? `${prefix}.${message}` : message)),
    ...validationMessages(error.children ?? [], prefix ? `${prefix}.${error.property}` : error.property),
  ]);
}

const MASKED_MESSAGE = "Internal server error; it has been logged";

/**
 * Apollo's formatError: known codes pass as they are, argument validation gets a readable message,
 * and anything unexpected is logged with its stack and reaches the client masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const validationErrors = formatted.extensions?.validationErrors as ValidationError[] | undefined;
  if (code === ErrorCode.BAD_USER_INPUT && validationErrors) {
    return {
      ...formatted,
      message: `Invalid input: ${validationMessages(validationErrors).join("; ")}`,
      extensions: { code },
    };
  }
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  // only the message and code are the server's: where the error happened is kept, nothing else
  const answer = (message: string, answerCode: ErrorCode) => ({
    message,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: answerCode },
  });
  // 57014: query_canceled, by the statement timeout, or for a client that went away (nobody reads that
  // answer: it is masked, and not logged as an error)
  const cancelled = sqlState(original) === "57014" || (original as Error)?.name === "AbortError";
  if (cancelled && /statement timeout/.test((original as Error).message)) {
    return answer(
      "The query ran past the server's statement timeout (HUNTGRAPH_STATEMENT_TIMEOUT_SECONDS): ask for less, or for fewer hunts",
      ErrorCode.QUERY_TIMEOUT,
    );
  }
  if (cancelled) {
    logger.debug({ path: formatted.path }, "work cancelled: the client went away");
    return answer(MASKED_MESSAGE, ErrorCode.INTERNAL_SERVER_ERROR);
  }
  if (isUnavailable(original)) {
    // logged once per outage, not once per request
    reportUnavailable(original);
    return answer(DATABASE_UNAVAILABLE_MESSAGE, ErrorCode.DATABASE_UNAVAILABLE);
  }
  logger.error({ err: original, path: formatted.path }, "unexpected error while serving a request");
  return answer(MASKED_MESSAGE, ErrorCode.INTERNAL_SERVER_ERROR);
}
