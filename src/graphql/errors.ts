// Domain errors as GraphQLErrors with an `extensions.code`, and the masking of everything else.
import type { ValidationError } from "class-validator";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { logger } from "../shared/logger";

export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

export function notFound(what: string, ids: string | readonly string[]): GraphQLError {
  const list = typeof ids === "string" ? [ids] : ids;
  const named = list.map((id) => `'${id}'`).join(", ");
  return new GraphQLError(`No ${what} with id ${named}`, {
    extensions: { code: ErrorCode.NOT_FOUND, ids: list },
  });
}

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}

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
  logger.error({ err: original, path: formatted.path }, "unexpected error while serving a request");
  return {
    message: MASKED_MESSAGE,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
