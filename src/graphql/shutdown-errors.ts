// An operation whose work the server cancelled because it is shutting down answers SHUTTING_DOWN with
// the reason, not the masked error its cancelled statements raised.
import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode, errorCode } from "../shared/errors";
import type { Context } from "./context";

export function shutdownErrorsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const reason = contextValue.signal?.reason as Error | undefined;
          if (response.body.kind !== "single" || errorCode(reason) !== ErrorCode.SHUTTING_DOWN) return;
          const result = response.body.singleResult;
          result.errors = result.errors?.map((error) =>
            error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR
              ? { ...error, message: reason!.message, extensions: { code: ErrorCode.SHUTTING_DOWN } }
              : error,
          );
        },
      };
    },
  };
}
