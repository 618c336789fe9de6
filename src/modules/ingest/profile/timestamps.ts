// ThreatHunt's timestamps (reference §2.5): the formats it reads, and a dataset's time range.

const TIME = String.raw`(\d{1,2}):(\d{1,2}):(\d{1,2})`;
const SLASHED_DATE_TIME = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}) ${TIME}$`);

/**
 * strptime formats, tried in order: %Y-%m-%dT%H:%M:%S(.%f)(Z), %Y-%m-%d %H:%M:%S(.%f), %Y/%m/%d %H:%M:%S,
 * %m/%d/%Y %H:%M:%S, %d/%m/%Y %H:%M:%S. `year`, `month`, `day` are the positions of those groups; the
 * time follows them. As with strptime, month, day and time fields take one or two digits, %f one to six.
 */
const TIMESTAMP_FORMATS: { pattern: RegExp; year: number; month: number; day: number }[] = [
  { pattern: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})T${TIME}(?:\.(\d{1,6}))?Z?$`), year: 1, month: 2, day: 3 },
  { pattern: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2}) ${TIME}(?:\.(\d{1,6}))?$`), year: 1, month: 2, day: 3 },
  { pattern: new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2}) ${TIME}$`), year: 1, month: 2, day: 3 },
  { pattern: SLASHED_DATE_TIME, year: 3, month: 1, day: 2 },
  { pattern: SLASHED_DATE_TIME, year: 3, month: 2, day: 1 },
];

/**
 * A timestamp in one of ThreatHunt's formats, as UTC (none of them carries a zone other than `Z`); null
 * when no format gives a real date and time (no 30 February, no hour 24, no second 60). The fraction is
 * kept to the millisecond. Surrounding spaces are ignored.
 */
export function parseTimestamp(value: string): Date | null {
  const time = parseTimestampMs(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** parseTimestamp as milliseconds since the epoch, NaN instead of null: what ingestion uses per row. */
function parseTimestampMs(value: string): number {
  const text = value.trim();
  for (const format of TIMESTAMP_FORMATS) {
    const match = format.pattern.exec(text);
    if (!match) continue;
    const year = Number(match[format.year]);
    const month = Number(match[format.month]);
    const day = Number(match[format.day]);
    const hour = Number(match[4]);
    const minute = Number(match[5]);
    const second = Number(match[6]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) continue;
    if (hour > 23 || minute > 59 || second > 59) continue;
    const fraction = match[7];
    const milliseconds = fraction === undefined ? 0 : Number(fraction.padEnd(3, "0").slice(0, 3));
    const time = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
    if (year >= 100) return time;
    const date = new Date(time);
    date.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
    return date.getTime();
  }
  return NaN;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Earliest and latest timestamp of the dataset's `timestamp` column (the one raw column mapped to it). */
export class TimeRangeTracker {
  readonly column: string | undefined;
  /** Earliest and latest time seen, in milliseconds; NaN while there is none. */
  startMs = NaN;
  endMs = NaN;
  private lastText: string | undefined;
  private lastTime = NaN;

  constructor(mapping: Record<string, string>) {
    this.column = Object.keys(mapping).find((raw) => mapping[raw] === "timestamp");
  }

  get start(): Date | null {
    return Number.isNaN(this.startMs) ? null : new Date(this.startMs);
  }

  get end(): Date | null {
    return Number.isNaN(this.endMs) ? null : new Date(this.endMs);
  }

  /** Takes one row (raw column → value) into the range and returns its timestamp, null when it has none. */
  add(row: Record<string, string>): Date | null {
    if (this.column === undefined || !Object.hasOwn(row, this.column)) return null;
    const time = this.addValue(row[this.column]);
    return Number.isNaN(time) ? null : new Date(time);
  }

  /** Takes one row's value of the column into the range and returns its time in milliseconds, NaN when it has none. */
  addValue(text: string): number {
    // Exports are often sorted or bursty: the same text as the previous row is not parsed again.
    const time = text === this.lastText ? this.lastTime : parseTimestampMs(text);
    this.lastText = text;
    this.lastTime = time;
    if (Number.isNaN(time)) return NaN;
    if (!(time >= this.startMs)) this.startMs = time;
    if (!(time <= this.endMs)) this.endMs = time;
    return time;
  }
}
