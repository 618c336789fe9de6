// The error every unreadable upload gets: it names the file, the line when known, and the reason.
// A GraphQLError with code BAD_USER_INPUT, so the API, the HTTP upload and the CLI report it alike.
import { GraphQLError } from "graphql";
import { ErrorCode } from "../../graphql/errors";

export class IngestError extends GraphQLError {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based physical line in the file where the problem starts, when known. */
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, file, line, reason },
    });
    this.name = "IngestError";
  }
}
