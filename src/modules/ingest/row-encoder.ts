// Dataset rows as COPY text, written without building the row objects.
import { copyJsonString, copyText } from "../../database/copy-text";

/** A key order and the pieces of JSON between values, for the rows of one width. */
interface RowTemplate {
  dataOrder: Int32Array;
  dataParts: string[];
  normalizedOrder: Int32Array;
  normalizedParts: string[];
}

/**
 * Formats dataset rows as lines of `COPY dataset_rows (dataset_id, row_index, data, normalized_data)`:
 * `data` is exactly JSON.stringify of the row as raw column → value in header order (the columns the row
 * has), and `normalized_data` of the row keyed by canonical names instead, both written without building
 * the objects. Keys are placed as JavaScript objects place them: integer-like keys ("0", "17") first in ascending
 * order, then the others in insertion order; a repeated key keeps its first place and its last value.
 */
export class CopyRowEncoder {
  private readonly prefix: string;
  /** Templates by row width; the columns only ever grow at the end, so a width's template never changes. */
  private readonly templates: (RowTemplate | undefined)[] = [];
  private readonly escaped: string[] = [];

  constructor(
    datasetId: string,
    /** Raw column names in cell order (grows when longer rows add extra columns). */
    private readonly columns: readonly string[],
    /** Raw column name → canonical name. */
    private readonly mapping: Record<string, string>,
  ) {
    this.prefix = `${copyText(datasetId)}\t`;
  }

  /** One row's COPY line, with its line feed. */
  line(rowIndex: number, cells: readonly string[]): string {
    const width = cells.length;
    const template = this.templates[width] ?? this.template(width);
    const escaped = this.escaped;
    for (let i = 0; i < width; i++) escaped[i] = copyJsonString(cells[i]);
    const { dataOrder, dataParts, normalizedOrder, normalizedParts } = template;
    let line = this.prefix + rowIndex + "\t";
    for (let k = 0; k < dataOrder.length; k++) line += dataParts[k] + escaped[dataOrder[k]];
    line += dataParts[dataOrder.length] + "\t";
    for (let k = 0; k < normalizedOrder.length; k++) line += normalizedParts[k] + escaped[normalizedOrder[k]];
    return line + normalizedParts[normalizedOrder.length] + "\n";
  }

  private template(width: number): RowTemplate {
    if (this.columns.length < width) throw new Error(`row of ${width} cells, but only ${this.columns.length} columns`);
    const names = this.columns.slice(0, width);
    const [dataOrder, dataParts] = jsonObjectTemplate(names);
    const [normalizedOrder, normalizedParts] = jsonObjectTemplate(names.map((name) => this.mapping[name]));
    const template = { dataOrder, dataParts, normalizedOrder, normalizedParts };
    this.templates[width] = template;
    return template;
  }
}

/**
 * For an object built by assigning value i to keys[i] in order: which value each of its keys ends up with,
 * in JSON.stringify's order, and the JSON text around the values (COPY-escaped), one piece more than keys.
 */
function jsonObjectTemplate(keys: readonly string[]): [Int32Array, string[]] {
  const positions: Record<string, number> = {};
  for (let i = 0; i < keys.length; i++) {
    // Names come from uploaded files: "__proto__" must be an own key, not the prototype.
    Object.defineProperty(positions, keys[i], { value: i, enumerable: true, writable: true, configurable: true });
  }
  const ordered = Object.keys(positions);
  const order = Int32Array.from(ordered, (key) => positions[key]);
  if (ordered.length === 0) return [order, ["{}"]];
  const parts = ordered.map((key, k) => `${k === 0 ? "{" : '",'}${copyJsonKey(key)}:"`);
  parts.push('"}');
  return [order, parts];
}

function copyJsonKey(key: string): string {
  return JSON.stringify(key).replace(/\\/g, "\\\\");
}
