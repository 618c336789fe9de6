// Who may run what: every Query, Mutation and Subscription field declares what it needs with @Access, and
// an operation is checked, root field by root field, before anything of it runs. A root field that
// declares nothing is refused (deny by default), so an operation added without a rule cannot be called.
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getArgumentValues } from "graphql/execution/values";
import { Extensions } from "type-graphql";
import { assertMay, type Caller } from "../modules/auth/caller";
import type { Need } from "../modules/auth/role";
import { ErrorCode, HTTP_STATUS, errorCode } from "../shared/errors";
import type { Context } from "./context";

/** Declares what calling this Query, Mutation or Subscription field needs. */
export const Access = (need: Need): MethodDecorator & PropertyDecorator => Extensions({ access: need });

export function accessOf(field: GraphQLField<unknown, unknown>): Need | undefined {
  return field.extensions?.access as Need | undefined;
}

/** A root field an operation selects, with its definition and arguments. */
export interface RootField {
  /** The name it answers under (its alias, or its name). */
  key: string;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  args: Record<string, unknown>;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  return schema.getRootType(operation.operation);
}

/** The root fields of `operation`, through fragments; introspection fields are left out. */
export function rootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): RootField[] {
  const type = rootType(schema, operation);
  if (!type) return [];
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const found: RootField[] = [];
  // validation has refused fragment cycles already
  const walk = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(field, selection, variables);
        } catch {
          // execution reports bad arguments itself
        }
        found.push({ key: selection.alias?.value ?? selection.name.value, field, node: selection, args });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return found;
}

/**
 * Throws FORBIDDEN or UNAUTHENTICATED (with its HTTP status) when `operation` has a root field that
 * `caller` may not run, or one that declares no rule.
 */
export function assertOperationAllowed(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  caller: Caller,
): void {
  const typeName = rootType(schema, operation)?.name ?? operation.operation;
  for (const { field } of rootFields(schema, document, operation, variables)) {
    const need = accessOf(field);
    if (need === undefined) {
      throw new GraphQLError(`${typeName}.${field.name} declares no access rule, so nobody may call it`, {
        extensions: { code: ErrorCode.FORBIDDEN, http: { status: HTTP_STATUS.FORBIDDEN } },
      });
    }
    try {
      assertMay(caller, need, field.name);
    } catch (error) {
      const code = errorCode(error);
      if (code) (error as GraphQLError).extensions.http = { status: HTTP_STATUS[code] };
      throw error;
    }
  }
}

/** Refuses an operation with a root field its caller may not run, before any of it runs. */
export function accessPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (operation) assertOperationAllowed(schema, document, operation, request.variables ?? {}, contextValue.caller);
        },
      };
    },
  };
}
