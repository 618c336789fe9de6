// Runs GraphQL operations against the real schema, services and database, without HTTP.
import type { ApolloServer } from "@apollo/server";
import type { Database } from "../../src/database/data-source";
import { type Context, createContext } from "../../src/graphql/context";
import { buildHuntgraphSchema } from "../../src/graphql/schema";
import type { Caller } from "../../src/modules/auth/caller";
import { createServices, type ServiceOptions, type Services } from "../../src/modules/services";
import { createApollo } from "../../src/server/apollo";

export interface GraphQLResult<T = any> {
  data?: T | null;
  errors?: Array<{ message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }>;
}

export interface TestApi {
  apollo: ApolloServer<Context>;
  services: Services;
  /** The same API, called by `caller` (by default the open caller: authentication off). */
  as(caller: Caller): TestApi;
  run<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** Runs the operation and fails the test on any error. */
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export async function createTestApi(database: Database, options: ServiceOptions = {}): Promise<TestApi> {
  const services = createServices(database, options);
  const apollo = createApollo(await buildHuntgraphSchema());
  await apollo.start();
  const api = (caller?: Caller): TestApi => {
    const run = async <T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> => {
      // as a client sends them: a variable left undefined is not sent, so the argument takes its default
      const sent = variables === undefined ? undefined : JSON.parse(JSON.stringify(variables));
      const response = await apollo.executeOperation<T>(
        { query, variables: sent },
        { contextValue: createContext(services, undefined, caller) },
      );
      // the audit entries of this operation are written before the next one starts
      await services.audit.flush();
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return response.body.singleResult as GraphQLResult<T>;
    };
    return {
      apollo,
      services,
      as: api,
      run,
      async data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
        const result = await run<T>(query, variables);
        if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
        return result.data as T;
      },
    };
  };
  return api();
}
