// Bounds on what one GraphQL operation may ask for, checked after validation and before anything runs:
// depth and aliases (graphql-armor's rules), and an estimated cost (graphql-query-complexity) in which
// the sizes of nested connections multiply. A refusal is QUERY_TOO_COMPLEX, naming the limit and the
// operation's measured value.
import type { ApolloServerPlugin } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { type DocumentNode, GraphQLError, type GraphQLSchema, getNullableType, isListType, type ValidationRule, validate } from "graphql";
import { type ComplexityEstimator, getComplexity } from "graphql-query-complexity";
import { ErrorCode } from "../shared/errors";
import { DEFAULT_PAGE_SIZE } from "../shared/page";

export interface QueryLimits {
  /** Deepest selection, in fields (introspection not counted). */
  maxDepth: number;
  /** Aliases in one operation. */
  maxAliases: number;
  /** Estimated cost: see `estimateCost`. */
  maxCost: number;
}

/**
 * Generous enough for every GraphiQL example and README query (the largest costs about 6,000 and is 6
 * deep) and for a full export of every overlap type with `first: 500` (about 155,000), and far below
 * what takes a server down: three levels of `first: 500` connections cost over 100 million.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 200_000 };

/** Items a list without `first` is assumed to hold (a value's hunts, appearances, reasons). */
const LIST_ITEMS = 10;

/**
 * What a field costs: 1, plus what it selects times the items it returns: `first` of a connection
 * (50 when not given; its `edges` and `nodes` are that page), LIST_ITEMS for another list.
 */
const estimateCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.args.some((arg) => arg.name === "first")) {
    const first = typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE;
    return 1 + Math.max(first, 1) * childComplexity;
  }
  const many = isListType(getNullableType(field.type)) && !type.name.endsWith("Connection");
  return 1 + (many ? LIST_ITEMS : 1) * childComplexity;
};

function tooComplex(message: string, limit: string, max: number, actual: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual, http: { status: 400 } },
  });
}

/** What graphql-armor's rule counted, when it is over its limit; null within it. */
function overLimit(schema: GraphQLSchema, document: DocumentNode, rule: (onReject: GraphQLArmorRejectCallback) => ValidationRule) {
  let found: number | null = null;
  validate(schema, document, [rule((_context, error) => (found = Number(/found (\d+)/.exec(error.message)?.[1])))]);
  return found;
}

/** The limit `document` breaks, as the error to send, or null when it keeps within every limit. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
  variables: Record<string, unknown> = {},
  operationName?: string,
): GraphQLError | null {
  const armor = { exposeLimits: true, propagateOnRejection: false };
  const depth = overLimit(schema, document, (reject) =>
    maxDepthRule({ ...armor, n: limits.maxDepth, ignoreIntrospection: true, onReject: [reject] }),
  );
  if (depth !== null) {
    return tooComplex(`The query is ${depth} fields deep; the limit is ${limits.maxDepth}`, "maxDepth", limits.maxDepth, depth);
  }
  const aliases = overLimit(schema, document, (reject) => maxAliasesRule({ ...armor, n: limits.maxAliases, onReject: [reject] }));
  if (aliases !== null) {
    return tooComplex(`The query has ${aliases} aliases; the limit is ${limits.maxAliases}`, "maxAliases", limits.maxAliases, aliases);
  }
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables, operationName, estimators: [estimateCost] });
  } catch {
    // variables that do not fit their types: execution refuses them (BAD_USER_INPUT) before running anything
    return null;
  }
  if (cost > limits.maxCost) {
    return tooComplex(
      `The query's estimated cost is ${cost}; the limit is ${limits.maxCost} (nested connections multiply: ask for smaller pages or fewer levels)`,
      "maxCost",
      limits.maxCost,
      cost,
    );
  }
  return null;
}

/** Refuses, before execution, an operation that breaks a limit. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const error = checkQueryLimits(schema, document, limits, request.variables ?? {}, request.operationName ?? undefined);
          if (error) throw error;
        },
      };
    },
  };
}
