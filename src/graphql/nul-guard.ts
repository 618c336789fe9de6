// PostgreSQL text cannot hold NUL (U+0000): an argument with one is refused as input before anything
// runs, naming where it is, instead of failing in the database as an internal error. A CSV's `content`
// is left to the import, whose error names the file, the line and the byte.
import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, GraphQLError, Kind, visit } from "graphql";
import { ErrorCode } from "../shared/errors";

/** Input fields whose text the import decodes and checks itself. */
const CHECKED_BY_IMPORT = "content";

/** Where the first NUL of the variables is (`$name.path`), or null. */
function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulInValue(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = key === CHECKED_BY_IMPORT ? null : nulInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The argument of the first string literal of the document holding a NUL, or null. */
function nulInDocument(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    [Kind.STRING](node, _key, parent) {
      const field = parent as { kind?: string; name?: { value: string } } | undefined;
      if (found || !node.value.includes("\u0000")) return;
      if (field?.kind === Kind.OBJECT_FIELD && field.name?.value === CHECKED_BY_IMPORT) return;
      found = "an argument";
    },
    Argument: {
      leave(node) {
        if (found === "an argument") found = node.name.value;
      },
    },
  });
  return found;
}

export function nulGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const where = nulInValue(request.variables ?? {}, "$") ?? nulInDocument(document);
          if (where === null) return;
          const name = where.startsWith("$.") ? `$${where.slice(2)}` : where;
          throw new GraphQLError(`${name} holds a NUL character (U+0000), which no stored text may contain`, {
            extensions: { code: ErrorCode.BAD_USER_INPUT, field: name, http: { status: 400 } },
          });
        },
      };
    },
  };
}
