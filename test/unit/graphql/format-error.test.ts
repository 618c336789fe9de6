// How errors the database raises reach a client: a statement timeout is QUERY_TIMEOUT, a lost database
// DATABASE_UNAVAILABLE, anything else masked; only the unexpected is logged as an error.
import { GraphQLError } from "graphql";
import { formatError } from "../../../src/graphql/format-error";
import { logger } from "../../../src/shared/logger";

/** A database error as node-postgres raises it, wrapped as GraphQL wraps a resolver's error. */
const fromDatabase = (code: string, message: string) =>
  new GraphQLError(message, { originalError: Object.assign(new Error(message), { code }), path: ["correlation"] });

const format = (error: GraphQLError) => formatError({ message: error.message, path: error.path }, error);

let logged: jest.SpyInstance;
beforeEach(() => {
  logged = jest.spyOn(logger, "error").mockImplementation(() => undefined);
});
afterEach(() => logged.mockRestore());

it("answers a statement timeout with QUERY_TIMEOUT and says what to do", () => {
  expect(format(fromDatabase("57014", "canceling statement due to statement timeout"))).toEqual({
    message: "The query ran past the server's statement timeout (HUNTGRAPH_STATEMENT_TIMEOUT_SECONDS): ask for less, or for fewer hunts",
    path: ["correlation"],
    locations: undefined,
    extensions: { code: "QUERY_TIMEOUT" },
  });
  expect(logged).not.toHaveBeenCalled();
});

it("masks the cancellation of a client that went away, without an error in the log", () => {
  expect(format(fromDatabase("57014", "canceling statement due to user request")).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  expect(logged).not.toHaveBeenCalled();
});

it("answers a lost connection with DATABASE_UNAVAILABLE", () => {
  expect(format(fromDatabase("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")).extensions).toEqual({ code: "DATABASE_UNAVAILABLE" });
});

it("masks and logs anything else", () => {
  const formatted = format(fromDatabase("42P01", 'relation "hypotheses" does not exist'));
  expect(formatted).toMatchObject({ message: "Internal server error; it has been logged", extensions: { code: "INTERNAL_SERVER_ERROR" } });
  expect(logged).toHaveBeenCalledTimes(1);
});
