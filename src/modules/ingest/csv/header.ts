// Header names as the import stores them: trimmed, unique, none empty.

/**
 * Trims header names and makes them unique, left to right: an empty name becomes `column_<position>`
 * (1-based), a repeated name gets `_2`, `_3`, ... The first occurrence of a name keeps it, and a generated
 * name never takes a name found elsewhere in the header (a second "Name" next to a real "Name_2" becomes
 * "Name_3"; "" in position 3 next to a real "column_3" becomes "column_3_2").
 */
export function uniqueHeader(cells: readonly string[]): string[] {
  const names = cells.map((cell) => cell.trim());
  const taken = new Set(names.filter((name) => name !== ""));
  const kept = new Set<string>();
  // The next suffix to try per base name: each repeat starts where the last one ended, so that a header
  // of n copies of one name takes linear time (trying from _2 each time took 12 s for 20,000 copies).
  const nextSuffix = new Map<string, number>();
  return names.map((name, i) => {
    if (name !== "" && !kept.has(name)) {
      kept.add(name);
      return name;
    }
    const base = name === "" ? `column_${i + 1}` : name;
    const candidate = (n: number) => (n === 1 ? base : `${base}_${n}`);
    let n = nextSuffix.get(base) ?? 1;
    while (taken.has(candidate(n))) n++;
    const unique = candidate(n);
    nextSuffix.set(base, n + 1);
    taken.add(unique);
    return unique;
  });
}
