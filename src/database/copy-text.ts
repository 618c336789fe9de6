// Values in COPY's text format, and strings as they stand inside JSON in it.

// eslint-disable-next-line no-control-regex -- JSON escapes control characters: finding them is the point
const JSON_OR_COPY_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as it appears between the quotes of its JSON.stringify, then escaped for COPY's text format
 * (which leaves JSON's escapes to backslashes only, as JSON has no raw control characters: every
 * backslash is doubled). Most values need neither and come back as they are.
 */
export function copyJsonString(value: string): string {
  if (!JSON_OR_COPY_SPECIAL.test(value)) return value;
  return JSON.stringify(value).slice(1, -1).replace(/\\/g, "\\\\");
}

/** A text value in COPY's text format: backslash, tab, line feed and carriage return escaped. */
export function copyText(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
