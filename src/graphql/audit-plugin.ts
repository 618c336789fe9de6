// Every mutation in the audit trail: one entry per root field, with its caller, arguments (secrets
// redacted) and outcome, refusals included. Every operation's name, type and error codes in its
// request's report (its log line and metrics).
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode } from "../shared/errors";
import { rootFields } from "./access";
import type { Context } from "./context";

const REFUSALS: readonly string[] = [ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.TOO_MANY_REQUESTS];

/** What a root field's target is, in words, from its usual arguments. */
function targetOf(args: Record<string, unknown>): string | null {
  const input = (args.input ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries({ ...input, ...args })) {
    if (typeof value === "string" && /^(id|huntId|datasetId|name|username)$/.test(key)) return `${key} ${value}`;
  }
  return null;
}

export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ schema, document, operation, request, response, contextValue }) {
          const body = response.body;
          const errors: readonly GraphQLFormattedError[] = body.kind === "single" ? (body.singleResult.errors ?? []) : [];
          const report = contextValue.report;
          report.operationName = request.operationName ?? operation?.name?.value ?? null;
          report.operationType = operation?.operation;
          report.errorCodes = [...new Set(errors.map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
          if (!operation || operation.operation !== "mutation" || !document) return;
          for (const { key, field, args } of rootFields(schema, document, operation, request.variables ?? {})) {
            const error = errors.find((e) => e.path === undefined || e.path[0] === key);
            const code = (error?.extensions?.code as string | undefined) ?? null;
            contextValue.services.audit.record(contextValue.caller, {
              action: `mutation.${field.name}`,
              target: targetOf(args),
              outcome: error ? (code && REFUSALS.includes(code) ? "refused" : "failed") : "ok",
              errorCode: code,
              details: args,
            });
          }
        },
      };
    },
  };
}
