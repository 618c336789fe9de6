// Small object helpers.

/** Drops the keys whose value is undefined: "left out" in an update, as opposed to an explicit null. */
export function withoutUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
