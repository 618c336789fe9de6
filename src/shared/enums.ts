// GraphQL enums from TypeScript enums, each value with its description.
import { registerEnumType } from "type-graphql";

/** Registers `values` as the GraphQL enum `name`; `described` gives every member's description. */
export function describeEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  described: { [K in keyof E]: string },
): void {
  const valuesConfig = Object.fromEntries(Object.entries(described).map(([key, text]) => [key, { description: text }])) as {
    [K in keyof E]: { description: string };
  };
  registerEnumType(values, { name, description, valuesConfig });
}
