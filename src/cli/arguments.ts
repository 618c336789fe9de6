// Parsers of command-line arguments shared by several commands.
import { InvalidArgumentError } from "commander";

/** A parser of one of an enum's names (any case) or values (ThreatHunt's lower-case ones). */
export function oneOf<T extends string>(values: Record<string, T>): (raw: string) => T {
  return (raw) => {
    const found = values[raw.toUpperCase()] ?? Object.values(values).find((value) => value === raw.toLowerCase());
    const names = Object.keys(values);
    if (found === undefined) {
      throw new InvalidArgumentError(names.length === 2 ? `expected ${names.join(" or ")}` : `expected one of ${names.join(", ")}`);
    }
    return found;
  };
}
