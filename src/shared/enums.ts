// GraphQL enums declared once: each member with its value and its description.
import { registerEnumType } from "type-graphql";

/** A member's description, or its description and why it is deprecated (what to use instead). */
type MemberText = string | { description: string; deprecationReason: string };

/** Registers `values` as the GraphQL enum `name`; `described` gives every member's description. */
function describeEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  described: { [K in keyof E]: MemberText },
): void {
  const valuesConfig = Object.fromEntries(
    Object.entries<MemberText>(described).map(([key, text]) => [key, typeof text === "string" ? { description: text } : text]),
  ) as { [K in keyof E]: { description: string } };
  registerEnumType(values, { name, description, valuesConfig });
}

/** A GraphQL enum whose values are its names, declared once: each name with its description. */
export function namedEnum<K extends string>(name: string, description: string, described: Record<K, MemberText>): { readonly [P in K]: P } {
  const values = Object.fromEntries(Object.keys(described).map((key) => [key, key])) as { [P in K]: P };
  describeEnum(values, name, description, described);
  return values;
}

/**
 * A GraphQL enum over stored values (ThreatHunt's lower-case ones), declared once: each name with its
 * value and description. Use it as an object of values and, with `(typeof X)[keyof typeof X]`, as a type.
 */
export function valuedEnum<const T extends Record<string, readonly [value: string, description: string]>>(
  name: string,
  description: string,
  members: T,
): { readonly [K in keyof T]: T[K][0] } {
  const values = Object.fromEntries(Object.entries(members).map(([key, [value]]) => [key, value])) as { [K in keyof T]: T[K][0] };
  const described = Object.fromEntries(Object.entries(members).map(([key, [, text]]) => [key, text])) as { [K in keyof T]: string };
  describeEnum(values, name, description, described);
  return values;
}
